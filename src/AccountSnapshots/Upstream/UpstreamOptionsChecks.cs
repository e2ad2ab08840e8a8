namespace AccountSnapshots.Upstream;

/// <summary>Checks shared by the Conduit and 3Commas option validators; each returns a message naming the setting.</summary>
internal static class UpstreamOptionsChecks
{
    // Polly's timeout strategy refuses timeouts under 10 ms and its retry strategy delays over a day.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    public static void CheckBaseUrl(List<string> failures, string section, Uri? baseUrl)
    {
        if (baseUrl is null || !baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{section}:BaseUrl must be an absolute http(s) URI");
        }
        else if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback)
        {
            // Over plain http the API secret (X-API-Secret) and key (APIKEY) would cross the network in clear.
            failures.Add($"{section}:BaseUrl must use https; http is accepted only for a loopback host (localhost, 127.0.0.1, [::1]), e.g. the sandbox");
        }
    }

    public static void CheckMaxResponseBytes(List<string> failures, string section, long maxResponseBytes)
    {
        if (maxResponseBytes is < UpstreamBodyLimit.MinMaxBytes or > UpstreamBodyLimit.MaxMaxBytes)
        {
            failures.Add($"{section}:MaxResponseBytes must be between {UpstreamBodyLimit.MinMaxBytes} and {UpstreamBodyLimit.MaxMaxBytes}");
        }
    }

    public static void CheckResilience(
        List<string> failures, string section, TimeSpan attemptTimeout, TimeSpan totalTimeout, int maxRetries, TimeSpan retryBaseDelay)
    {
        if (attemptTimeout < MinTimeout || attemptTimeout > MaxDelay)
        {
            failures.Add($"{section}:AttemptTimeout must be between 00:00:00.010 and 1.00:00:00");
        }

        if (totalTimeout < attemptTimeout || totalTimeout > MaxDelay)
        {
            failures.Add($"{section}:TotalTimeout must be at least {section}:AttemptTimeout and at most 1.00:00:00");
        }

        if (maxRetries is < 0 or > 10)
        {
            failures.Add($"{section}:MaxRetries must be between 0 and 10");
        }

        if (retryBaseDelay < TimeSpan.Zero || retryBaseDelay > MaxDelay)
        {
            failures.Add($"{section}:RetryBaseDelay must be between 00:00:00 and 1.00:00:00");
        }
    }
}
