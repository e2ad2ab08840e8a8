namespace AccountSnapshots.Secrets;

/// <summary>Key Vault settings (section <c>KeyVault</c>). Without <see cref="VaultUri"/>, secrets come from configuration (<c>Secrets:&lt;Name&gt;</c>).</summary>
public sealed class KeyVaultOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "KeyVault";

    /// <summary>The vault, e.g. <c>https://kv-accountsnapshots.vault.azure.net/</c>. Default none (configuration secrets).</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>How long a secret read from Key Vault is reused before it is read again. Default 01:00:00.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Logical name → Key Vault secret name. Default: each logical name in <see cref="Secrets.SecretNames"/> maps to itself.</summary>
    public Dictionary<string, string> SecretNames { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Secrets.SecretNames.ConduitApiKey] = Secrets.SecretNames.ConduitApiKey,
        [Secrets.SecretNames.ConduitApiSecret] = Secrets.SecretNames.ConduitApiSecret,
        [Secrets.SecretNames.ThreeCommasApiKey] = Secrets.SecretNames.ThreeCommasApiKey,
        [Secrets.SecretNames.ThreeCommasApiSecret] = Secrets.SecretNames.ThreeCommasApiSecret,
        [Secrets.SecretNames.ThreeCommasRsaPrivateKey] = Secrets.SecretNames.ThreeCommasRsaPrivateKey,
    };

    /// <summary>The Key Vault secret name for a logical name (the logical name itself when not mapped).</summary>
    internal string VaultSecretName(string logicalName) =>
        SecretNames.TryGetValue(logicalName, out var name) && !string.IsNullOrWhiteSpace(name) ? name : logicalName;
}
