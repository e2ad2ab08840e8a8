using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Api;

/// <summary>HTTP API events (5000s). Never log a key, a balance or a name here.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 5000, EventName = "AggregateRefreshFailed", Level = LogLevel.Warning,
        Message = "Could not refresh the aggregate from {Store}; serving the copy with store version {StoreETag}")]
    public static partial void AggregateRefreshFailed(ILogger logger, string store, string? storeETag, Exception exception);

    [LoggerMessage(EventId = 5001, EventName = "AggregateUnavailable", Level = LogLevel.Error,
        Message = "Could not read the aggregate from {Store} and no earlier copy is cached; answering 503")]
    public static partial void AggregateUnavailable(ILogger logger, string store, Exception exception);

    [LoggerMessage(EventId = 5002, EventName = "AggregateLoaded", Level = LogLevel.Information,
        Message = "Loaded aggregate version {StoreETag} ({Length} bytes, generated {GeneratedAt:O})")]
    public static partial void AggregateLoaded(ILogger logger, string storeETag, int length, DateTimeOffset generatedAt);

    [LoggerMessage(EventId = 5003, EventName = "AggregatePublished", Level = LogLevel.Information,
        Message = "Aggregate version {StoreETag} published to the API cache ({Length} bytes)")]
    public static partial void AggregatePublished(ILogger logger, string storeETag, int length);

    [LoggerMessage(EventId = 5004, EventName = "AggregateMissing", Level = LogLevel.Information,
        Message = "No aggregate stored yet in {Store}; serving every source as never")]
    public static partial void AggregateMissing(ILogger logger, string store);

    [LoggerMessage(EventId = 5005, EventName = "ApiKeyRejected", Level = LogLevel.Warning,
        Message = "Request to {Path} rejected: {Reason}")]
    public static partial void ApiKeyRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5006, EventName = "AnonymousApiEnabled", Level = LogLevel.Warning,
        Message = "Api:AllowAnonymous is true: the accounts API answers without a key. Use this only on loopback for demos")]
    public static partial void AnonymousApiEnabled(ILogger logger);

    [LoggerMessage(EventId = 5007, EventName = "ApiUnhandledException", Level = LogLevel.Error,
        Message = "Unhandled exception serving {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, string method, string path, Exception exception);
}
