namespace AccountSnapshots.ThreeCommas;

/// <summary>Settings for the 3Commas client, bound from the <c>ThreeCommas</c> section.</summary>
internal sealed class ThreeCommasOptions
{
    public const string SectionName = "ThreeCommas";

    /// <summary>API root including <c>/public/api</c>. Default <c>https://api.3commas.io/public/api</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.3commas.io/public/api");

    /// <summary>Sent as <c>Forced-Mode</c> so a click in the web UI cannot switch the data to paper. Default <c>real</c>.</summary>
    public string ForcedMode { get; set; } = "real";

    /// <summary>Accounts per page (1-100). Default 100.</summary>
    public int PerPage { get; set; } = 100;

    /// <summary>Hard cap on pages per fetch (1-100); hitting it fails the fetch. Default 100.</summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>
    /// Most bytes one response body may have, counted after decompression; a larger body fails the run as
    /// <c>invalidResponse</c>. Default 67108864 (64 MiB; 50,000 Conduit clients are about 19 MB).
    /// </summary>
    public long MaxResponseBytes { get; set; } = Upstream.UpstreamBodyLimit.DefaultMaxBytes;

    /// <summary>
    /// Most digits one amount may have once its exponent is expanded; more fails the run as <c>invalidResponse</c>.
    /// Default 100.
    /// </summary>
    public int MaxAmountDigits { get; set; } = Money.AmountRules.DefaultMaxDigits;

    /// <summary>
    /// Request budget per minute (1-90): pages are paced so a run never sends more, retries included. 3Commas allows
    /// 100 a minute and answers more with 429 and a 300 s block. Default 30.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>Timeout of one HTTP attempt (until response headers). Default 00:00:30.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of the whole fetch of one page, retries and body included. Default 00:02:00.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt (5xx, 408, transport errors, timeouts only). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base of the jittered exponential backoff. Default 00:00:01.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
