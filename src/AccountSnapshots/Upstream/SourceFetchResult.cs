using AccountSnapshots.Model;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Everything one fetch of one source produced: the normalised accounts when it worked, the error when it did not, and
/// the run record (raw pages, requests, retries, correlation ids) either way.
/// </summary>
public sealed class SourceFetchResult
{
    /// <summary>Source name (<see cref="SourceNames"/>).</summary>
    public required string Source { get; init; }

    /// <summary>Normalised accounts; empty when <see cref="Error"/> is set (never a partial list).</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; init; } = [];

    /// <summary>Totals the upstream itself reported (Conduit <c>totalBalances</c>); empty for 3Commas.</summary>
    public IReadOnlyList<BalanceRecord> UpstreamTotals { get; init; } = [];

    /// <summary>Every response received, in order.</summary>
    public IReadOnlyList<RawPage> RawPages { get; init; } = [];

    /// <summary>HTTP requests sent, retries included.</summary>
    public int Requests { get; init; }

    /// <summary>Retries performed (requests minus distinct pages).</summary>
    public int Retries { get; init; }

    /// <summary>Upstream <c>x-correlation-id</c> values seen.</summary>
    public IReadOnlyList<string> CorrelationIds { get; init; } = [];

    /// <summary>Null when the fetch succeeded.</summary>
    public SourceError? Error { get; init; }

    /// <summary>True when the fetch succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>
    /// This attempt followed by <paramref name="retry"/> (a second fetch after re-reading a rotated credential): the
    /// retry's data and error, and the run record of both attempts (every page received, every request made). Kept
    /// beside the properties so a new one cannot be left out of the merge unnoticed.
    /// </summary>
    public SourceFetchResult FollowedBy(SourceFetchResult retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        return new SourceFetchResult
        {
            Source = retry.Source,
            Accounts = retry.Accounts,
            UpstreamTotals = retry.UpstreamTotals,
            Error = retry.Error,
            RawPages = [.. RawPages, .. retry.RawPages],
            Requests = Requests + retry.Requests,
            Retries = Retries + retry.Retries,
            CorrelationIds = [.. CorrelationIds, .. retry.CorrelationIds],
        };
    }
}
