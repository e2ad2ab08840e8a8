namespace AccountSnapshots.Upstream;

/// <summary>
/// The settings both connectors have, under their own section (<c>Conduit:*</c>, <c>ThreeCommas:*</c>): where the API
/// is, how large a body and an amount may be, and the resilience pipeline's timeouts and retries.
/// </summary>
internal abstract class UpstreamOptions(Uri defaultBaseUrl)
{
    /// <summary>API root; each connector states its default.</summary>
    public Uri BaseUrl { get; set; } = defaultBaseUrl;

    /// <summary>
    /// Most bytes one response body may have, counted after decompression; a larger body fails the run as
    /// <c>invalidResponse</c>. Default 67108864 (64 MiB; 50,000 Conduit clients are about 19 MB).
    /// </summary>
    public long MaxResponseBytes { get; set; } = UpstreamBodyLimit.DefaultMaxBytes;

    /// <summary>
    /// Most digits one amount may have once its exponent is expanded; more fails the run as <c>invalidResponse</c>.
    /// Default 100.
    /// </summary>
    public int MaxAmountDigits { get; set; } = Money.AmountRules.DefaultMaxDigits;

    /// <summary>Timeout of one HTTP attempt (until response headers). Default 00:00:30.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Timeout of one fetch (Conduit: the whole list; 3Commas: one page), retries and body included. Default 00:02:00.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base of the jittered exponential backoff. Default 00:00:01.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
