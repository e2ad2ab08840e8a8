using Microsoft.Extensions.Configuration;

namespace AccountSnapshots.Secrets;

/// <summary>
/// Secrets from configuration (<c>Secrets:&lt;Name&gt;</c>: environment <c>Secrets__&lt;Name&gt;</c>, user-secrets) for
/// local runs and tests, used when <c>KeyVault:VaultUri</c> is not set. Configuration is live, so there is no cache.
/// </summary>
internal sealed class ConfigurationSecretProvider(IConfiguration configuration) : ISecretProvider
{
    private const string SectionName = "Secrets";

    // What an App Service Key Vault reference leaves in a setting when the platform could not resolve it.
    private const string UnresolvedReferencePrefix = "@Microsoft.KeyVault(";

    public Task<SecretValue> GetAsync(string logicalName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logicalName);
        var setting = $"{SectionName}:{logicalName}";
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SecretUnavailableException(logicalName, SecretFailure.Missing,
                $"Secret '{logicalName}' is not configured: set configuration setting {setting} (environment variable {SectionName}__{logicalName}, or user-secrets), or set KeyVault:VaultUri to read it from Key Vault (KeyVault:VaultUri is not set)");
        }

        if (value.StartsWith(UnresolvedReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new SecretUnavailableException(logicalName, SecretFailure.Unreachable,
                $"Configuration setting {setting} holds a Key Vault reference the platform could not resolve: check the app's identity has the Key Vault Secrets User role, or set KeyVault:VaultUri instead");
        }

        return Task.FromResult(new SecretValue(logicalName, value, null, $"configuration setting {setting}"));
    }

    public void Invalidate(string logicalName)
    {
        // Nothing cached: every read sees the current configuration.
    }
}
