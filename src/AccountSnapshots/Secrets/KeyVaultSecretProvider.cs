using System.Collections.Concurrent;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Secrets;

/// <summary>
/// Secrets from Key Vault through one <see cref="SecretClient"/>, cached in memory for <c>KeyVault:CacheTtl</c> as the
/// Key Vault throttling guidance asks. Concurrent readers of one secret share a single fetch.
/// </summary>
internal sealed class KeyVaultSecretProvider(
    SecretClient client,
    IOptions<KeyVaultOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyVaultSecretProvider> logger) : ISecretProvider
{
    // A cache of results, not only an in-flight gate (so not Concurrency/SingleFlight): the entry that shares a running
    // fetch also holds its result for the TTL, and Invalidate (a rotated secret) must drop both in one step, so a read
    // after it never joins a fetch that started before the rotation.
    private readonly ConcurrentDictionary<string, Lazy<Task<Fetched>>> _cache = new(StringComparer.Ordinal);

    public async Task<SecretValue> GetAsync(string logicalName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logicalName);
        var ttl = options.Value.CacheTtl;

        // Two rounds at most: an expired entry is dropped once, and a fresh fetch is always used.
        for (var round = 0; ; round++)
        {
            var entry = _cache.GetOrAdd(logicalName, name => new Lazy<Task<Fetched>>(() => FetchAsync(name)));
            Fetched fetched;
            try
            {
                // The fetch is shared, so one caller's cancellation only stops that caller waiting.
                fetched = await entry.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (entry.Value.IsFaulted || entry.Value.IsCanceled)
            {
                // Failures are not cached: the next read asks the vault again. (A caller that merely stopped
                // waiting leaves the shared fetch, and its entry, to the others.)
                _cache.TryRemove(KeyValuePair.Create(logicalName, entry));
                throw;
            }

            if (round > 0 || timeProvider.GetUtcNow() - fetched.ReadAt < ttl)
            {
                return fetched.Secret;
            }

            _cache.TryRemove(KeyValuePair.Create(logicalName, entry));
        }
    }

    public void Invalidate(string logicalName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logicalName);
        if (_cache.TryRemove(logicalName, out _))
        {
            SecretsLog.SecretInvalidated(logger, logicalName);
        }
    }

    private async Task<Fetched> FetchAsync(string logicalName)
    {
        var vaultName = options.Value.VaultSecretName(logicalName);
        var vault = client.VaultUri;
        try
        {
            // No caller token: the fetch is shared by every waiter; the SDK's network timeout and retries bound it.
            var response = await client.GetSecretAsync(vaultName, version: null, CancellationToken.None);
            var secret = response.Value;
            var location = $"Key Vault {vault} secret '{vaultName}'";
            SecretsLog.SecretRead(logger, logicalName, secret.Properties.Version, location);
            return new Fetched(new SecretValue(logicalName, secret.Value ?? string.Empty, secret.Properties.Version, location), timeProvider.GetUtcNow());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw Unavailable(logicalName, SecretFailure.Missing,
                $"Secret '{logicalName}' (Key Vault secret name '{vaultName}') was not found in Key Vault {vault}", ex);
        }
        catch (RequestFailedException ex) when (ex.Status is 401 or 403)
        {
            throw Unavailable(logicalName, SecretFailure.Forbidden,
                $"Key Vault {vault} refused access to secret '{logicalName}' (Key Vault secret name '{vaultName}') (HTTP {ex.Status}): grant the app's identity the Key Vault Secrets User role", ex);
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException
            or AggregateException or OperationCanceledException or HttpRequestException or IOException or TimeoutException)
        {
            throw Unavailable(logicalName, SecretFailure.Unreachable,
                $"Key Vault {vault} could not be reached for secret '{logicalName}' (Key Vault secret name '{vaultName}'): {Cause(ex)}", ex);
        }
    }

    private SecretUnavailableException Unavailable(string logicalName, SecretFailure failure, string message, Exception ex)
    {
        SecretsLog.SecretUnavailable(logger, ex, logicalName, failure, message);
        return new SecretUnavailableException(logicalName, failure, message, ex);
    }

    private static string Cause(Exception ex) => ex switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status}",
        AuthenticationFailedException or CredentialUnavailableException => "the app's identity could not get a token for Key Vault",
        OperationCanceledException or TimeoutException => "timed out",
        AggregateException aggregate => Cause(aggregate.Flatten().InnerExceptions[^1]),
        _ => ex.GetBaseException().Message,
    };

    private sealed record Fetched(SecretValue Secret, DateTimeOffset ReadAt);
}
