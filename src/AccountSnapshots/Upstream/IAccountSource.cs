namespace AccountSnapshots.Upstream;

/// <summary>One upstream account list (Conduit or 3Commas). Implementations never throw for upstream faults: they
/// return a <see cref="SourceFetchResult"/> whose <see cref="SourceFetchResult.Error"/> says what went wrong.</summary>
public interface IAccountSource
{
    /// <summary>Source name (<see cref="SourceNames"/>).</summary>
    string Name { get; }

    /// <summary>Fetches the complete account list with the given credentials.</summary>
    Task<SourceFetchResult> FetchAsync(SourceCredentials credentials, CancellationToken cancellationToken);
}
