using AccountSnapshots.Secrets;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The fetch step of a run: the source's credentials, one fetch within <c>Snapshots:SourceTimeout</c>, and one
/// re-read of the credentials with a second fetch when the upstream rejects them and a secret was rotated. Secret-store
/// faults and the timeout come back as a failed fetch, never as an exception.
/// </summary>
internal sealed class SourceFetcher(CredentialResolver credentials, TimeProvider timeProvider, IOptions<SnapshotOptions> options)
{
    private static readonly IReadOnlyDictionary<string, string?> s_noVersions = new Dictionary<string, string?>();

    public async Task<(SourceFetchResult Fetch, IReadOnlyDictionary<string, string?> SecretVersions)> FetchAsync(IAccountSource source, CancellationToken cancellationToken)
    {
        var sourceTimeout = options.Value.SourceTimeout;
        using var timeout = new CancellationTokenSource(sourceTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var used = await credentials.GetAsync(source.Name, linked.Token);
            var fetch = await source.FetchAsync(used, linked.Token);
            if (fetch.Error is { Kind: UpstreamErrorKind.CredentialsRejected }
                && await credentials.RefreshAsync(source.Name, used, linked.Token) is { } fresh)
            {
                // A rotated secret must work without a restart: retried only when a version changed.
                used = fresh;
                fetch = fetch.FollowedBy(await source.FetchAsync(fresh, linked.Token));
            }

            return (fetch, used.Versions);
        }
        catch (SecretUnavailableException ex)
        {
            var kind = ex.Failure == SecretFailure.Unreachable ? UpstreamErrorKind.Unavailable : UpstreamErrorKind.Configuration;
            var error = new SourceError(kind, $"{source.Name}: {ex.Message}") { ServedMessage = ServedSecretMessage(source.Name, ex.Failure) };
            return (new SourceFetchResult { Source = source.Name, Error = error }, s_noVersions);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new SourceError(UpstreamErrorKind.Unavailable, $"{source.Name}: unavailable: the run did not finish within Snapshots:SourceTimeout ({sourceTimeout})");
            return (new SourceFetchResult { Source = source.Name, Error = error }, s_noVersions);
        }
    }

    // The vault, the secret names and the setting names stay in the snapshot document and the log.
    private static string ServedSecretMessage(string source, SecretFailure failure) => failure switch
    {
        SecretFailure.Missing => $"{source}: configuration: a credential for this source is not set in the secret store (details in the snapshot document and the log)",
        SecretFailure.Forbidden => $"{source}: configuration: the secret store refused to give out a credential for this source (details in the snapshot document and the log)",
        _ => $"{source}: unavailable: the secret store could not be reached for this source's credentials (details in the snapshot document and the log)",
    };
}
