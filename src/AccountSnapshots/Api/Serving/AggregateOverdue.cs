using AccountSnapshots.Aggregation;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Api;

/// <summary>
/// Reports a source as <c>stale</c> while serving when its status is <c>ok</c> but its runs stopped arriving: the
/// stored aggregate only changes when a run writes it, so a dead timer would otherwise look healthy forever.
/// </summary>
internal static class AggregateOverdue
{
    /// <summary>
    /// The document with overdue sources marked <c>stale</c>, or the same instance when none is. A source is overdue
    /// once the first slot after <c>snapshotAt + 2 × interval</c> has passed, i.e. two whole runs were missed and the
    /// next one is due.
    /// </summary>
    public static AggregateDocument Apply(AggregateDocument document, SnapshotSchedules schedules, DateTimeOffset now)
    {
        List<SourceStatus>? changed = null;
        for (var i = 0; i < document.Sources.Count; i++)
        {
            var source = document.Sources[i];
            if (IsOverdue(source, schedules, now))
            {
                changed ??= [.. document.Sources];
                changed[i] = source with { Status = SourceStatusValues.Stale };
            }
        }

        return changed is null ? document : document with { Sources = changed };
    }

    /// <summary>
    /// The last moment at which <see cref="Apply"/> still gives the answer it gives at <paramref name="now"/>: the
    /// earliest deadline not yet passed (a source turns overdue just after its deadline); MaxValue when none is ahead.
    /// </summary>
    public static DateTimeOffset NextChange(AggregateDocument document, SnapshotSchedules schedules, DateTimeOffset now)
    {
        var until = DateTimeOffset.MaxValue;
        foreach (var source in document.Sources)
        {
            if (Deadline(source, schedules) is { } deadline && deadline >= now && deadline < until)
            {
                until = deadline;
            }
        }

        return until;
    }

    private static bool IsOverdue(SourceStatus source, SnapshotSchedules schedules, DateTimeOffset now) =>
        Deadline(source, schedules) is { } deadline && now > deadline;

    // When an ok source becomes overdue; null when it cannot (not ok, never ran, unknown source).
    private static DateTimeOffset? Deadline(SourceStatus source, SnapshotSchedules schedules)
    {
        if (!string.Equals(source.Status, SourceStatusValues.Ok, StringComparison.Ordinal)
            || source.SnapshotAt is not { } snapshotAt
            || !SourceNames.IsKnown(source.Source))
        {
            return null;
        }

        var interval = schedules.GetInterval(source.Source);
        if (snapshotAt > DateTimeOffset.MaxValue - (interval * 3))
        {
            return null;
        }

        return schedules.GetNextOccurrence(source.Source, snapshotAt + (interval * 2));
    }
}
