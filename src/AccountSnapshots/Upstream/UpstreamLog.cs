using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Upstream;

/// <summary>Upstream client events (2000s). Ids and names are stable: alert rules and dashboards may key on them.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(EventId = 2000, EventName = "UpstreamRetrying", Level = LogLevel.Warning,
        Message = "{Source} attempt failed (HTTP {HttpStatus}, exception {ExceptionType}); retry {Retry} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string source, int retry, int? httpStatus, string? exceptionType, long delayMs);

    [LoggerMessage(EventId = 2001, EventName = "UpstreamFetchFailed", Level = LogLevel.Warning,
        Message = "{Source} fetch failed: {ErrorKind}, HTTP {HttpStatus}, code {ErrorCode}, after {Requests} requests")]
    public static partial void FetchFailed(ILogger logger, string source, string errorKind, int? httpStatus, string? errorCode, int requests);

    [LoggerMessage(EventId = 2002, EventName = "UpstreamFetchCompleted", Level = LogLevel.Information,
        Message = "{Source} fetch returned {Accounts} accounts in {Pages} pages with {Requests} requests")]
    public static partial void FetchCompleted(ILogger logger, string source, int accounts, int pages, int requests);
}
