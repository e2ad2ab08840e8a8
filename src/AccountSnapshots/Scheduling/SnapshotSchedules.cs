using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;
using NCrontab;

namespace AccountSnapshots.Scheduling;

/// <summary>
/// The parsed snapshot schedules of both sources. NCRONTAB works on <see cref="DateTime"/>; every value crossing this
/// type is a UTC <see cref="DateTimeOffset"/> so callers never meet a local or unspecified time.
/// </summary>
internal sealed class SnapshotSchedules
{
    // Any fixed instant works; a Monday at midnight keeps weekly and daily patterns aligned and results reproducible.
    private static readonly DateTime IntervalReference = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Leap-day schedules occur once in up to eight years; beyond that an expression effectively never fires.
    private static readonly TimeSpan LongestBackwardSearch = TimeSpan.FromDays(366 * 9);

    private readonly Dictionary<string, Entry> _entries;

    public SnapshotSchedules(IOptions<SnapshotScheduleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _entries = new Dictionary<string, Entry>(StringComparer.Ordinal)
        {
            [SourceNames.Conduit] = Create(nameof(SnapshotScheduleOptions.ConduitSnapshotSchedule), value.ConduitSnapshotSchedule),
            [SourceNames.ThreeCommas] = Create(nameof(SnapshotScheduleOptions.ThreeCommasSnapshotSchedule), value.ThreeCommasSnapshotSchedule),
        };
    }

    /// <summary>The expression configured for <paramref name="source"/>.</summary>
    public string GetExpression(string source) => Get(source).Expression;

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset GetNextOccurrence(string source, DateTimeOffset after)
    {
        var entry = Get(source);
        return ToOffset(entry.Schedule.GetNextOccurrence(after.UtcDateTime));
    }

    /// <summary>
    /// The last occurrence at or before <paramref name="atOrBefore"/>: the slot a timer run at that moment serves
    /// (timers fire a little late, never early). Null when the schedule has not fired in the last nine years.
    /// </summary>
    public DateTimeOffset? GetLatestOccurrence(string source, DateTimeOffset atOrBefore)
    {
        var schedule = Get(source).Schedule;
        var end = atOrBefore.UtcDateTime.AddTicks(1); // GetNextOccurrences excludes its end.
        var window = TimeSpan.FromMinutes(1);

        // Growing windows: a dense schedule is found in the first small window without enumerating much, a sparse
        // one after a few doublings; each step only scans the part not scanned before.
        var scannedFrom = end;
        while (true)
        {
            var from = end - window;
            if (from < DateTime.MinValue.AddYears(1))
            {
                return null;
            }

            DateTime? latest = null;
            foreach (var occurrence in schedule.GetNextOccurrences(from.AddTicks(-1), scannedFrom))
            {
                latest = occurrence;
            }

            if (latest is { } found)
            {
                return ToOffset(found);
            }

            if (window >= LongestBackwardSearch)
            {
                return null;
            }

            scannedFrom = from;
            window *= 4;
        }
    }

    /// <summary>
    /// The typical gap between runs: the longest gap among the occurrences of a week after a fixed reference, so a
    /// regular long gap (a weekend, a night) never counts as a missed run (for schedules of at most 4096 runs a week).
    /// </summary>
    public TimeSpan GetInterval(string source) => Get(source).Interval;

    private Entry Get(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _entries.TryGetValue(source, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown source \"{source}\"; expected one of: {string.Join(", ", SourceNames.All)}.", nameof(source));
    }

    private static Entry Create(string setting, string expression)
    {
        var schedule = SnapshotScheduleOptionsValidator.Parse(setting, expression);
        var previous = schedule.GetNextOccurrence(IntervalReference);
        var longest = TimeSpan.Zero;

        // Sample a little over a week (bounded for very frequent schedules) so nightly and weekend gaps of
        // business-hours schedules are seen.
        var until = previous + TimeSpan.FromDays(8);
        for (var i = 0; i < 4096 && previous < until; i++)
        {
            var next = schedule.GetNextOccurrence(previous);
            if (next - previous > longest)
            {
                longest = next - previous;
            }

            previous = next;
        }

        return new Entry(expression.Trim(), schedule, longest);
    }

    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);

    private sealed record Entry(string Expression, CrontabSchedule Schedule, TimeSpan Interval);
}
