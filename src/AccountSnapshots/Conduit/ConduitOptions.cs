namespace AccountSnapshots.Conduit;

/// <summary>Settings for the Conduit client, bound from the <c>Conduit</c> section.</summary>
internal sealed class ConduitOptions
{
    public const string SectionName = "Conduit";

    /// <summary>API root. Default <c>https://api.conduit.financial</c> (sandbox: <c>https://api.sandbox.conduit.financial</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://api.conduit.financial");

    /// <summary>Sent as <c>Api-Version</c>. Default <c>2024-12-01</c>.</summary>
    public string ApiVersion { get; set; } = "2024-12-01";

    /// <summary>Most time one fetch may spend waiting on <c>Retry-After</c> after 429s. Default 00:01:00.</summary>
    public TimeSpan RateLimitBudget { get; set; } = TimeSpan.FromMinutes(1);

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

    /// <summary>Timeout of one HTTP attempt (until response headers). Default 00:00:30.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of the whole fetch, retries and body included. Default 00:02:00.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base of the jittered exponential backoff. Default 00:00:01.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
