namespace AccountSnapshots.Model;

/// <summary>Values of <see cref="AlertRecord.Kind"/>.</summary>
public static class AlertKinds
{
    /// <summary>An exchange key inside 3Commas is invalid or not ok.</summary>
    public const string ExchangeApiKeyInvalid = "exchangeApiKeyInvalid";

    /// <summary>Our own credentials for a source were rejected in its last attempt.</summary>
    public const string CredentialsRejected = "credentialsRejected";

    /// <summary>Conduit's totalBalances disagree with the per-client sums.</summary>
    public const string TotalsMismatch = "totalsMismatch";
}
