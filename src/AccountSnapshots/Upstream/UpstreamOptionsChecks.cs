namespace AccountSnapshots.Upstream;

/// <summary>Checks of the settings both connectors have (<see cref="UpstreamOptions"/>); each message names the setting.</summary>
internal static class UpstreamOptionsChecks
{
    // Polly's timeout strategy refuses timeouts under 10 ms and its retry strategy delays over a day.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    /// <summary>Adds a message to <paramref name="failures"/> for each shared setting of <paramref name="section"/> that is wrong.</summary>
    public static void Check(List<string> failures, string section, UpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckBaseUrl(failures, section, options.BaseUrl);
        if (options.MaxResponseBytes is < UpstreamBodyLimit.MinMaxBytes or > UpstreamBodyLimit.MaxMaxBytes)
        {
            failures.Add($"{section}:MaxResponseBytes must be between {UpstreamBodyLimit.MinMaxBytes} and {UpstreamBodyLimit.MaxMaxBytes}");
        }

        if (options.MaxAmountDigits is < Money.AmountRules.MinMaxDigits or > Money.AmountRules.MaxMaxDigits)
        {
            failures.Add($"{section}:MaxAmountDigits must be between {Money.AmountRules.MinMaxDigits} and {Money.AmountRules.MaxMaxDigits}");
        }

        CheckResilience(failures, section, options);
    }

    private static void CheckBaseUrl(List<string> failures, string section, Uri? baseUrl)
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

    private static void CheckResilience(List<string> failures, string section, UpstreamOptions options)
    {
        if (options.AttemptTimeout < MinTimeout || options.AttemptTimeout > MaxDelay)
        {
            failures.Add($"{section}:AttemptTimeout must be between 00:00:00.010 and 1.00:00:00");
        }

        if (options.TotalTimeout < options.AttemptTimeout || options.TotalTimeout > MaxDelay)
        {
            failures.Add($"{section}:TotalTimeout must be at least {section}:AttemptTimeout and at most 1.00:00:00");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{section}:MaxRetries must be between 0 and 10");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > MaxDelay)
        {
            failures.Add($"{section}:RetryBaseDelay must be between 00:00:00 and 1.00:00:00");
        }
    }
}
