using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Telemetry;

/// <summary>
/// The events Azure Monitor alert rules key on. Ids and names are a contract with <c>infra/</c>: never renumber or
/// rename them. Ranges: 1000s here (alerts and run outcomes); 2000s upstream clients; 3000s storage; 4000s secrets;
/// 5000s HTTP API; 6000s scheduling and hosts.
/// </summary>
internal static partial class SnapshotLog
{
    [LoggerMessage(EventId = 1000, EventName = "SnapshotStarted", Level = LogLevel.Information,
        Message = "Snapshot of {Source} for slot {Slot:O} started")]
    public static partial void SnapshotStarted(ILogger logger, string source, DateTimeOffset slot);

    [LoggerMessage(EventId = 1001, EventName = "ExchangeApiKeyInvalid", Level = LogLevel.Warning,
        Message = "Exchange API key needs attention: {Source} account {AccountId} ({AccountName}) on {Exchange} has key state {State}")]
    public static partial void ExchangeApiKeyInvalid(ILogger logger, string source, string accountId, string? accountName, string? exchange, string state);

    [LoggerMessage(EventId = 1002, EventName = "ExchangeApiKeyRecovered", Level = LogLevel.Information,
        Message = "Exchange API key recovered: {Source} account {AccountId} ({AccountName}) on {Exchange} is ok again")]
    public static partial void ExchangeApiKeyRecovered(ILogger logger, string source, string accountId, string? accountName, string? exchange);

    [LoggerMessage(EventId = 1003, EventName = "CredentialsRejected", Level = LogLevel.Error,
        Message = "{Source} rejected our credentials: HTTP {HttpStatus}, error code {ErrorCode}")]
    public static partial void CredentialsRejected(ILogger logger, string source, int? httpStatus, string? errorCode);

    [LoggerMessage(EventId = 1004, EventName = "SnapshotSucceeded", Level = LogLevel.Information,
        Message = "Snapshot of {Source} for slot {Slot:O} succeeded: {Accounts} accounts in {DurationMs} ms")]
    public static partial void SnapshotSucceeded(ILogger logger, string source, DateTimeOffset slot, int accounts, long durationMs);

    [LoggerMessage(EventId = 1005, EventName = "SnapshotFailed", Level = LogLevel.Error,
        Message = "Snapshot of {Source} for slot {Slot:O} failed after fetching {Accounts} accounts ({ErrorKind}, HTTP {HttpStatus}) in {DurationMs} ms: {ErrorMessage}")]
    public static partial void SnapshotFailed(ILogger logger, string source, DateTimeOffset slot, int accounts, string errorKind, int? httpStatus, long durationMs, string errorMessage);

    [LoggerMessage(EventId = 1006, EventName = "SnapshotAlreadyTaken", Level = LogLevel.Information,
        Message = "Snapshot of {Source} for slot {Slot:O} already exists; this run changed nothing")]
    public static partial void SnapshotAlreadyTaken(ILogger logger, string source, DateTimeOffset slot);

    [LoggerMessage(EventId = 1007, EventName = "SnapshotFolded", Level = LogLevel.Warning,
        Message = "Snapshot of {Source} for slot {Slot:O} was stored but missing from the aggregate (an interrupted run); folded it in")]
    public static partial void SnapshotFolded(ILogger logger, string source, DateTimeOffset slot);

    [LoggerMessage(EventId = 1008, EventName = "SnapshotFoldedAfterRace", Level = LogLevel.Debug,
        Message = "Snapshot of {Source} for slot {Slot:O} was stored by another run first; made sure it is in the aggregate")]
    public static partial void SnapshotFoldedAfterRace(ILogger logger, string source, DateTimeOffset slot);

    [LoggerMessage(EventId = 1009, EventName = "StoredSnapshotUnreadable", Level = LogLevel.Warning,
        Message = "Snapshot of {Source} for slot {Slot:O} is stored but cannot be read ({Reason}); it is left out of the aggregate")]
    public static partial void StoredSnapshotUnreadable(ILogger logger, string source, DateTimeOffset slot, string reason);
}
