using AccountSnapshots.Secrets;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>Assembles each source's credentials from the secret provider and re-reads them after a rejection.</summary>
internal sealed class CredentialResolver(ISecretProvider secrets)
{
    public async Task<SourceCredentials> GetAsync(string source, CancellationToken cancellationToken)
    {
        if (source == SourceNames.Conduit)
        {
            var key = await secrets.GetAsync(SecretNames.ConduitApiKey, cancellationToken);
            var secret = await secrets.GetAsync(SecretNames.ConduitApiSecret, cancellationToken);
            return new SourceCredentials(key.Value, secret.Value) { Versions = Versions(key, secret) };
        }

        var apiKey = await secrets.GetAsync(SecretNames.ThreeCommasApiKey, cancellationToken);
        var rsa = await secrets.GetOptionalAsync(SecretNames.ThreeCommasRsaPrivateKey, cancellationToken);
        if (rsa is not null && !string.IsNullOrWhiteSpace(rsa.Value))
        {
            return new SourceCredentials(apiKey.Value, null, rsa.Value) { Versions = Versions(apiKey, rsa) };
        }

        var hmac = await secrets.GetAsync(SecretNames.ThreeCommasApiSecret, cancellationToken);
        return new SourceCredentials(apiKey.Value, hmac.Value) { Versions = Versions(apiKey, hmac) };
    }

    /// <summary>
    /// Drops the cached secrets of a source and reads them again. Returns the new credentials when any version
    /// changed (a rotation happened since they were cached), otherwise null: retrying the same values is pointless.
    /// </summary>
    public async Task<SourceCredentials?> RefreshAsync(string source, SourceCredentials used, CancellationToken cancellationToken)
    {
        foreach (var name in used.Versions.Keys)
        {
            secrets.Invalidate(name);
        }

        var fresh = await GetAsync(source, cancellationToken);
        var changed = fresh.Versions.Count != used.Versions.Count
            || fresh.Versions.Any(v => !used.Versions.TryGetValue(v.Key, out var old) || (v.Value is not null && !string.Equals(v.Value, old, StringComparison.Ordinal)));
        return changed ? fresh : null;
    }

    private static Dictionary<string, string?> Versions(params SecretValue[] values) =>
        values.ToDictionary(v => v.LogicalName, v => v.Version, StringComparer.Ordinal);
}
