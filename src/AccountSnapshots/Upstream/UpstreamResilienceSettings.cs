namespace AccountSnapshots.Upstream;

/// <summary>What one source's resilience pipeline does; built from its options.</summary>
internal sealed record UpstreamResilienceSettings(
    string Source,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    bool RetryRateLimited,
    TimeSpan RateLimitBudget);
