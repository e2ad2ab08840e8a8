using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Secrets;

/// <summary>Start-up checks of <see cref="KeyVaultOptions"/>; each message names the setting to fix.</summary>
internal sealed partial class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.VaultUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("KeyVault:VaultUri must be an absolute https URI, e.g. https://<vault>.vault.azure.net/");
        }

        if (options.CacheTtl <= TimeSpan.Zero)
        {
            failures.Add("KeyVault:CacheTtl must be a positive time span, e.g. 01:00:00");
        }

        foreach (var (logicalName, vaultName) in options.SecretNames ?? [])
        {
            if (vaultName is null || !VaultSecretName().IsMatch(vaultName))
            {
                failures.Add($"KeyVault:SecretNames:{logicalName} must be a Key Vault secret name: 1-127 letters, digits and hyphens");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex VaultSecretName();
}
