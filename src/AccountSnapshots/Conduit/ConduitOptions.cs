using AccountSnapshots.Upstream;

namespace AccountSnapshots.Conduit;

/// <summary>
/// Settings for the Conduit client, bound from the <c>Conduit</c> section. <c>BaseUrl</c> defaults to
/// <c>https://api.conduit.financial</c> (sandbox: <c>https://api.sandbox.conduit.financial</c>).
/// </summary>
internal sealed class ConduitOptions() : UpstreamOptions(new Uri("https://api.conduit.financial"))
{
    public const string SectionName = "Conduit";

    /// <summary>Sent as <c>Api-Version</c>. Default <c>2024-12-01</c>.</summary>
    public string ApiVersion { get; set; } = "2024-12-01";

    /// <summary>Most time one fetch may spend waiting on <c>Retry-After</c> after 429s. Default 00:01:00.</summary>
    public TimeSpan RateLimitBudget { get; set; } = TimeSpan.FromMinutes(1);
}
