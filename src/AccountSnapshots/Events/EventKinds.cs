namespace AccountSnapshots.Events;

/// <summary>Values of <see cref="EventRow.Kind"/> (a contract with dashboards).</summary>
public static class EventKinds
{
    /// <summary>An exchange key inside 3Commas was invalid or not ok, from the first snapshot showing it until one shows it healthy.</summary>
    public const string ExchangeApiKeyInvalid = "exchangeApiKeyInvalid";

    /// <summary>Our own credentials for a source were rejected, until the source's next successful snapshot.</summary>
    public const string CredentialsRejected = "credentialsRejected";

    /// <summary>One failed slot (a point in time).</summary>
    public const string SnapshotFailed = "snapshotFailed";

    /// <summary>Conduit's totalBalances disagreed with the per-client sums for one asset and network.</summary>
    public const string TotalsMismatch = "totalsMismatch";

    /// <summary>A source went more than two schedule intervals without a successful snapshot.</summary>
    public const string SourceStale = "sourceStale";

    /// <summary>Every kind, in documentation order.</summary>
    public static readonly IReadOnlyList<string> All = [ExchangeApiKeyInvalid, CredentialsRejected, SnapshotFailed, TotalsMismatch, SourceStale];
}
