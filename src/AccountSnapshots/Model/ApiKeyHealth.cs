namespace AccountSnapshots.Model;

/// <summary>
/// Health of the exchange API key stored inside 3Commas for one account. Only a mask of the key is ever kept.
/// </summary>
public sealed record ApiKeyHealth
{
    /// <summary>The key masked to its last 4 characters, e.g. <c>…Zu45</c>; null when the upstream sent no key.</summary>
    public string? Masked { get; init; }

    /// <summary>3Commas <c>api_key_invalid</c>.</summary>
    public bool Invalid { get; init; }

    /// <summary>3Commas <c>api_keys_state</c>, an open set of strings (<c>ok</c>, <c>expired</c>, …); null when absent.</summary>
    public string? State { get; init; }

    /// <summary>True when the key is flagged invalid or its state is present and not <c>ok</c>.</summary>
    public bool NeedsAttention => Invalid || (State is not null && !string.Equals(State, "ok", StringComparison.Ordinal));

    /// <summary>Masks an exchange api key to its last 4 characters; short keys are masked completely.</summary>
    public static string? Mask(string? apiKey) => apiKey switch
    {
        null => null,
        { Length: 0 } => "",
        { Length: <= 8 } => "…",
        _ => string.Concat("…", apiKey.AsSpan(apiKey.Length - 4)),
    };
}
