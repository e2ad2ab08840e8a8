namespace AccountSnapshots.Secrets;

/// <summary>A secret value with its version. <see cref="ToString"/> never prints the value.</summary>
public sealed class SecretValue(string logicalName, string value, string? version, string location)
{
    /// <summary>Logical name, e.g. <c>ConduitApiKey</c>.</summary>
    public string LogicalName { get; } = logicalName;

    /// <summary>The secret itself. Never log it.</summary>
    public string Value { get; } = value;

    /// <summary>Key Vault version id; null for configuration secrets.</summary>
    public string? Version { get; } = version;

    /// <summary>Where it came from, e.g. <c>Key Vault https://x.vault.azure.net/ secret 'conduit-api-key'</c>.</summary>
    public string Location { get; } = location;

    /// <inheritdoc />
    public override string ToString() => $"SecretValue {{ {LogicalName} from {Location}, version {Version ?? "n/a"}, value redacted }}";
}
