using AccountSnapshots.Upstream;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Settings for the 3Commas client, bound from the <c>ThreeCommas</c> section. <c>BaseUrl</c> (the API root including
/// <c>/public/api</c>) defaults to <c>https://api.3commas.io/public/api</c>; a 429 or 418 is never retried, whatever
/// <c>MaxRetries</c> says (only 5xx, 408, transport errors and timeouts are).
/// </summary>
internal sealed class ThreeCommasOptions() : UpstreamOptions(new Uri("https://api.3commas.io/public/api"))
{
    public const string SectionName = "ThreeCommas";

    /// <summary>Sent as <c>Forced-Mode</c> so a click in the web UI cannot switch the data to paper. Default <c>real</c>.</summary>
    public string ForcedMode { get; set; } = "real";

    /// <summary>Accounts per page (1-100). Default 100.</summary>
    public int PerPage { get; set; } = 100;

    /// <summary>Hard cap on pages per fetch (1-100); hitting it fails the fetch. Default 100.</summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>
    /// Request budget per minute (1-90): pages are paced so a run never sends more, retries included. 3Commas allows
    /// 100 a minute and answers more with 429 and a 300 s block. Default 30.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 30;
}
