using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Storage;

/// <summary>Storage events (3000s). Ids and names are stable: alert rules and queries key on them.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3000, EventName = "SnapshotStoreSelected", Level = LogLevel.Information,
        Message = "Snapshot store: {Store}")]
    public static partial void SnapshotStoreSelected(ILogger logger, string store);

    [LoggerMessage(EventId = 3001, EventName = "BlobContainerCreated", Level = LogLevel.Information,
        Message = "Created blob container for {Store}")]
    public static partial void BlobContainerCreated(ILogger logger, string store);

    [LoggerMessage(EventId = 3002, EventName = "StoreWriteConditionFailed", Level = LogLevel.Debug,
        Message = "Write of {Path} to {Store} not done: condition {Condition} did not hold")]
    public static partial void StoreWriteConditionFailed(ILogger logger, string path, string store, StoreConditionKind condition);

    [LoggerMessage(EventId = 3003, EventName = "StoreOperationFailed", Level = LogLevel.Warning,
        Message = "{Operation} of {Path} on {Store} failed (HTTP {HttpStatus}, {ErrorCode})")]
    public static partial void StoreOperationFailed(ILogger logger, Exception exception, string operation, string path, string store, int? httpStatus, string? errorCode);

    [LoggerMessage(EventId = 3010, EventName = "StoreTempFileLeft", Level = LogLevel.Warning,
        Message = "Could not delete the temporary file {TempPath} ({Reason}); it is ignored by listings")]
    public static partial void TempFileLeft(ILogger logger, string tempPath, string reason);

    [LoggerMessage(EventId = 3011, EventName = "StoreDirectorySyncUnsupported", Level = LogLevel.Warning,
        Message = "The file system under {Folder} cannot fsync a folder; renames that publish files are not flushed (logged once)")]
    public static partial void DirectorySyncUnsupported(ILogger logger, string folder);
}
