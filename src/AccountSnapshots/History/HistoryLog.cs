using Microsoft.Extensions.Logging;

namespace AccountSnapshots.History;

/// <summary>History index events (7000s). Never a balance or a name here.</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(EventId = 7000, EventName = "HistoryIndexBehind", Level = LogLevel.Warning,
        Message = "History index of {Source} for {Day} lacks {Missing} slot(s) present in snapshots/ (index missing: {IndexMissing}); reading them from the snapshots and rebuilding the day")]
    public static partial void IndexBehind(ILogger logger, string source, DateOnly day, int missing, bool indexMissing);

    [LoggerMessage(EventId = 7001, EventName = "HistoryIndexWriteFailed", Level = LogLevel.Warning,
        Message = "Could not write the history index {Path}: {Message}; queries read the day from the snapshots until a later write or reindex succeeds")]
    public static partial void IndexWriteFailed(ILogger logger, string path, string message);

    [LoggerMessage(EventId = 7002, EventName = "HistoryIndexConflict", Level = LogLevel.Debug,
        Message = "History index {Path} changed while being updated (attempt {Attempt}); merging again")]
    public static partial void IndexConflict(ILogger logger, string path, int attempt);

    [LoggerMessage(EventId = 7003, EventName = "HistoryIndexUnreadable", Level = LogLevel.Warning,
        Message = "History index {Path} is unreadable ({Message}); rebuilding it from the snapshots")]
    public static partial void IndexUnreadable(ILogger logger, string path, string message);

    [LoggerMessage(EventId = 7004, EventName = "HistorySnapshotUnreadable", Level = LogLevel.Warning,
        Message = "Snapshot {Path} is unreadable ({Message}); the history counts its slot as failed")]
    public static partial void SnapshotUnreadable(ILogger logger, string path, string message);

    [LoggerMessage(EventId = 7005, EventName = "HistoryReindexed", Level = LogLevel.Information,
        Message = "Reindexed {Source} {Day}: {Snapshots} snapshot(s)")]
    public static partial void Reindexed(ILogger logger, string source, DateOnly day, int snapshots);

    [LoggerMessage(EventId = 7006, EventName = "HistoryIndexVerifyNotSaved", Level = LogLevel.Debug,
        Message = "Could not mark the history index {Path} as verified ({Message}); queries keep listing that day until a later one marks it")]
    public static partial void IndexVerifyNotSaved(ILogger logger, string path, string message);
}
