using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Aggregation;

/// <summary>Aggregate events (1100s, next to the run events they accompany).</summary>
internal static partial class AggregationLog
{
    [LoggerMessage(EventId = 1101, EventName = "AggregateConflict", Level = LogLevel.Debug,
        Message = "Aggregate changed while merging {Source} (attempt {Attempt}); merging again into the newer copy")]
    public static partial void AggregateConflict(ILogger logger, string source, int attempt);

    [LoggerMessage(EventId = 1102, EventName = "AggregateUnreadable", Level = LogLevel.Warning,
        Message = "Stored {Path} is not a readable aggregate ({Reason}); rebuilding it from the latest snapshots")]
    public static partial void AggregateUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1103, EventName = "LatestCopyNewer", Level = LogLevel.Debug,
        Message = "{Path} already holds slot {StoredSlot:o}; the copy of slot {Slot:o} is not written over it")]
    public static partial void LatestCopyNewer(ILogger logger, string path, DateTimeOffset storedSlot, DateTimeOffset slot);

    [LoggerMessage(EventId = 1104, EventName = "Change24hUnavailable", Level = LogLevel.Warning,
        Message = "The totals of {Source} 24 h before slot {Slot:o} could not be read ({Reason}); the aggregate is written with change24h null")]
    public static partial void Change24hUnavailable(ILogger logger, string source, DateTimeOffset slot, string reason);
}
