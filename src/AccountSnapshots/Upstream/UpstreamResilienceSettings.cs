namespace AccountSnapshots.Upstream;

/// <summary>What one source's resilience pipeline does; built from its options.</summary>
internal sealed record UpstreamResilienceSettings(
    string Source,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    bool RetryRateLimited,
    TimeSpan RateLimitBudget)
{
    /// <summary>The settings from a connector's options; only the 429 handling differs between connectors.</summary>
    public static UpstreamResilienceSettings From(string source, UpstreamOptions options, bool retryRateLimited, TimeSpan rateLimitBudget)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(source, options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryBaseDelay, retryRateLimited, rateLimitBudget);
    }
}
