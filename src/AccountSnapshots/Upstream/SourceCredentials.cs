namespace AccountSnapshots.Upstream;

/// <summary>
/// API credentials for one source as read from Key Vault or configuration. <see cref="ToString"/> never prints the
/// values, so a credential object that slips into a log or exception message reveals nothing.
/// </summary>
public sealed class SourceCredentials(string apiKey, string? apiSecret, string? rsaPrivateKeyPem = null)
{
    /// <summary>The API key (Conduit <c>X-API-Key</c>, 3Commas <c>APIKEY</c>).</summary>
    public string ApiKey { get; } = apiKey;

    /// <summary>The API secret (Conduit <c>X-API-Secret</c>, 3Commas HMAC key); null when RSA signing is used.</summary>
    public string? ApiSecret { get; } = apiSecret;

    /// <summary>A PEM RSA private key for 3Commas self-generated keys; null for HMAC.</summary>
    public string? RsaPrivateKeyPem { get; } = rsaPrivateKeyPem;

    /// <summary>Secret versions used (name to version), recorded in the snapshot; never the values.</summary>
    public IReadOnlyDictionary<string, string?> Versions { get; init; } = new Dictionary<string, string?>();

    /// <inheritdoc />
    public override string ToString() => "SourceCredentials { values redacted }";
}
