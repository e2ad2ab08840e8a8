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

    private static bool IsOverdue(SourceStatus source, SnapshotSchedules schedules, DateTimeOffset now)
    {
        if (!string.Equals(source.Status, SourceStatusValues.Ok, StringComparison.Ordinal)
            || source.SnapshotAt is not { } snapshotAt
            || !SourceNames.IsKnown(source.Source))
        {
            return false;
        }

        var interval = schedules.GetInterval(source.Source);
        if (snapshotAt > DateTimeOffset.MaxValue - (interval * 3))
        {
            return false;
        }

        var deadline = schedules.GetNextOccurrence(source.Source, snapshotAt + (interval * 2));
        return now > deadline;
    }
}
