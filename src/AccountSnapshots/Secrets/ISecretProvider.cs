namespace AccountSnapshots.Secrets;

/// <summary>
/// Reads named secrets from Key Vault (when <c>KeyVault:VaultUri</c> is set) or from configuration
/// (<c>Secrets:&lt;Name&gt;</c>). Failures throw <see cref="SecretUnavailableException"/> whose message names the secret
/// and where it was looked for, never its value.
/// </summary>
public interface ISecretProvider
{
    /// <summary>Reads a secret, from the in-memory cache when fresh.</summary>
    Task<SecretValue> GetAsync(string logicalName, CancellationToken cancellationToken);

    /// <summary>Drops the cached copy so the next read goes to the source (used once after an upstream rejects it).</summary>
    void Invalidate(string logicalName);
}
