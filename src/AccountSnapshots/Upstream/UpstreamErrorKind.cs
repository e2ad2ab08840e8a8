using System.Text.Json.Serialization;

namespace AccountSnapshots.Upstream;

/// <summary>Why a source failed; callers and alerts branch on it, so the JSON names are a contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpstreamErrorKind>))]
public enum UpstreamErrorKind
{
    /// <summary>Our own API credentials were refused (401/403).</summary>
    [JsonStringEnumMemberName("credentialsRejected")]
    CredentialsRejected,

    /// <summary>The upstream throttled us (429) beyond what this run may wait.</summary>
    [JsonStringEnumMemberName("rateLimited")]
    RateLimited,

    /// <summary>The upstream banned our IP (3Commas 418).</summary>
    [JsonStringEnumMemberName("banned")]
    Banned,

    /// <summary>Transport errors, timeouts or 5xx after retries; also storage or Key Vault unreachable.</summary>
    [JsonStringEnumMemberName("unavailable")]
    Unavailable,

    /// <summary>A response that is not the documented shape (including a 2xx with a bad body).</summary>
    [JsonStringEnumMemberName("invalidResponse")]
    InvalidResponse,

    /// <summary>Missing or invalid settings or secrets on our side.</summary>
    [JsonStringEnumMemberName("configuration")]
    Configuration,
}
