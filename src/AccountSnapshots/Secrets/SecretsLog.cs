using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Secrets;

/// <summary>Secrets events (4000s). Ids and names are stable. No event ever carries a secret value.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(EventId = 4000, EventName = "SecretProviderSelected", Level = LogLevel.Information,
        Message = "Secrets come from {Source}")]
    public static partial void SecretProviderSelected(ILogger logger, string source);

    [LoggerMessage(EventId = 4001, EventName = "SecretRead", Level = LogLevel.Information,
        Message = "Read secret {LogicalName} version {Version} from {Location}")]
    public static partial void SecretRead(ILogger logger, string logicalName, string? version, string location);

    [LoggerMessage(EventId = 4002, EventName = "SecretUnavailable", Level = LogLevel.Warning,
        Message = "Secret {LogicalName} is unavailable ({Failure}): {Reason}")]
    public static partial void SecretUnavailable(ILogger logger, Exception? exception, string logicalName, SecretFailure failure, string reason);

    [LoggerMessage(EventId = 4003, EventName = "SecretInvalidated", Level = LogLevel.Information,
        Message = "Dropped the cached copy of secret {LogicalName}; the next read goes to the vault")]
    public static partial void SecretInvalidated(ILogger logger, string logicalName);
}
