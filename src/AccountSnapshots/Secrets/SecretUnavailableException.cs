namespace AccountSnapshots.Secrets;

/// <summary>A secret could not be read. The message names the secret and where it was looked for.</summary>
public sealed class SecretUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string logicalName, SecretFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => (LogicalName, Failure) = (logicalName, failure);

    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException() => LogicalName = "";

    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string message)
        : base(message) => LogicalName = "";

    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string message, Exception innerException)
        : base(message, innerException) => LogicalName = "";

    /// <summary>Logical secret name.</summary>
    public string LogicalName { get; }

    /// <summary>Why.</summary>
    public SecretFailure Failure { get; }
}

/// <summary>Why a secret could not be read.</summary>
public enum SecretFailure
{
    /// <summary>No such secret (Key Vault 404 or setting absent).</summary>
    Missing,

    /// <summary>Key Vault refused access (401/403).</summary>
    Forbidden,

    /// <summary>Key Vault could not be reached or timed out.</summary>
    Unreachable,
}
