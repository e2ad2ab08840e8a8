using System.Globalization;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>
/// The schedule answers every request needs (max-age, overdue sources), computed when they can change instead of per
/// request: evaluating NCRONTAB expressions costs more than serving the cached bytes. Each cache is one immutable
/// record swapped atomically, so concurrent requests never see a torn value.
/// </summary>
internal sealed class ServingSchedule(SnapshotSchedules schedules, IOptions<ApiOptions> options)
{
    private NextSnapshot? _next;
    private MaxAgeHeader? _maxAge;
    private Freshness? _freshness;

    /// <summary>Seconds to the next expected snapshot of any source, capped by <c>Api:MaxAgeSeconds</c>.</summary>
    public long MaxAgeSeconds(DateTimeOffset now)
    {
        var next = _next;
        if (next is null || now < next.ComputedAt || now >= next.At)
        {
            next = new NextSnapshot(now, SourceNames.All.Min(s => schedules.GetNextOccurrence(s, now)));
            _next = next;
        }

        var seconds = (long)Math.Floor((next.At - now).TotalSeconds);
        return Math.Clamp(seconds, 0, options.Value.MaxAgeSeconds);
    }

    /// <summary>The <c>Cache-Control</c> value for <paramref name="now"/>.</summary>
    public string CacheControl(DateTimeOffset now)
    {
        var seconds = MaxAgeSeconds(now);
        var header = _maxAge;
        if (header is null || header.Seconds != seconds)
        {
            header = new MaxAgeHeader(seconds, string.Create(CultureInfo.InvariantCulture, $"private, max-age={seconds}"));
            _maxAge = header;
        }

        return header.Value;
    }

    /// <summary>The document with overdue sources marked stale (<see cref="AggregateOverdue"/>); the same instance while none can be.</summary>
    public AggregateDocument WithOverdueSources(AggregateDocument document, DateTimeOffset now)
    {
        var freshness = _freshness;
        if (freshness is null || !ReferenceEquals(freshness.Document, document))
        {
            freshness = new Freshness(document, AggregateOverdue.FreshUntil(document, schedules));
            _freshness = freshness;
        }

        return now <= freshness.Until ? document : AggregateOverdue.Apply(document, schedules, now);
    }

    private sealed record NextSnapshot(DateTimeOffset ComputedAt, DateTimeOffset At);

    private sealed record MaxAgeHeader(long Seconds, string Value);

    private sealed record Freshness(AggregateDocument Document, DateTimeOffset Until);
}
