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
    /// <summary>The default <c>Cache-Control</c> (<c>Api:MaxAgeSeconds</c> = 0).</summary>
    public const string NoCache = "private, no-cache";

    private NextSnapshot? _next;
    private MaxAgeHeader? _maxAge;
    private OverdueView? _overdue;

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
        if (options.Value.MaxAgeSeconds == 0)
        {
            // Balances are sensitive: only the client's own cache may keep them, and it revalidates every use with
            // the ETag (a 304 from memory), so a revoked key or a new snapshot is seen at once.
            return NoCache;
        }

        var seconds = MaxAgeSeconds(now);
        var header = _maxAge;
        if (header is null || header.Seconds != seconds)
        {
            header = new MaxAgeHeader(seconds, string.Create(CultureInfo.InvariantCulture, $"private, max-age={seconds}"));
            _maxAge = header;
        }

        return header.Value;
    }

    /// <summary>The document with overdue sources marked stale (<see cref="AggregateOverdue"/>); the same instance while none is.</summary>
    public AggregateDocument WithOverdueSources(AggregateDocument document, DateTimeOffset now)
    {
        // The answer only changes when a source crosses its deadline, so it is kept until the next one.
        var cached = _overdue;
        if (cached is null || !ReferenceEquals(cached.Source, document) || now < cached.From || now > cached.Until)
        {
            cached = new OverdueView(document, AggregateOverdue.Apply(document, schedules, now), now, AggregateOverdue.NextChange(document, schedules, now));
            _overdue = cached;
        }

        return cached.Served;
    }

    private sealed record NextSnapshot(DateTimeOffset ComputedAt, DateTimeOffset At);

    private sealed record MaxAgeHeader(long Seconds, string Value);

    // Valid for From <= now <= Until: Until is the next deadline not yet passed (a source is overdue once now > it).
    private sealed record OverdueView(AggregateDocument Source, AggregateDocument Served, DateTimeOffset From, DateTimeOffset Until);
}
