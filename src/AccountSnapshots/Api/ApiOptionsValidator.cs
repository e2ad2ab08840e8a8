using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>Validates <see cref="ApiOptions"/> at start; key presence is checked only where the CLI hosts the API.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxAgeSeconds < 0)
        {
            failures.Add("Api:MaxAgeSeconds must be zero or more seconds");
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.RefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Api:RefreshInterval must be between 00:00:00 and 01:00:00");
        }

        if (options.MaxHistoryDays < 1)
        {
            failures.Add("Api:MaxHistoryDays must be at least 1 day");
        }

        if (options.MaxHistoryRows < 1)
        {
            failures.Add("Api:MaxHistoryRows must be at least 1 row");
        }

        for (var i = 0; i < options.CorsOrigins.Count; i++)
        {
            var origin = options.CorsOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                failures.Add($"Api:CorsOrigins:{i} must be an origin such as https://dashboard.example.com (scheme, host, optional port, no path)");
            }
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            // Never echo the key itself: only its position.
            if (string.IsNullOrWhiteSpace(options.Keys[i]))
            {
                failures.Add($"Api:Keys:{i} must not be empty");
            }
            else if (options.Keys[i].Length < MinKeyLength)
            {
                failures.Add($"Api:Keys:{i} is too short: a key must have at least {MinKeyLength} characters (e.g. 16 random bytes in hex), so it cannot be guessed");
            }
            else if (options.Keys[i].Length > ApiKeyVerifier.MaxKeyLength)
            {
                failures.Add($"Api:Keys:{i} is too long: a key may have at most {ApiKeyVerifier.MaxKeyLength} characters");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Shortest accepted <c>Api:Keys</c> entry: 32 characters, the 128 bits of 16 random bytes in hex.</summary>
    public const int MinKeyLength = 32;

    /// <summary>
    /// <c>Api:AllowAnonymous</c> serves balances to anyone who can connect, so it is accepted only when every address
    /// the CLI listens on is loopback (<c>127.0.0.0/8</c>, <c>[::1]</c>, <c>localhost</c>); a wildcard or a LAN
    /// address is refused at start, naming the setting and the address.
    /// </summary>
    internal static void ValidateAnonymousListeners(ApiOptions options, IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        if (!options.AllowAnonymous)
        {
            return;
        }

        var open = urls.Where(url => !IsLoopback(url)).ToList();
        if (open.Count > 0)
        {
            throw new OptionsValidationException(
                ApiOptions.SectionName,
                typeof(ApiOptions),
                [$"Api:AllowAnonymous=true is accepted only when every listening address is loopback (127.0.0.1, [::1], localhost); {string.Join(", ", open)} is not: set Api:Keys instead"]);
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URI hosts: they parse as not loopback.
        if (!Uri.TryCreate(url.Replace("*", "wildcard", StringComparison.Ordinal).Replace("+", "wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    /// <summary>The CLI host serves the API itself, so it must either have keys or be explicitly anonymous.</summary>
    internal static void ValidateForSelfHosting(ApiOptions options)
    {
        if (!options.AllowAnonymous && options.Keys.Count == 0)
        {
            throw new OptionsValidationException(
                ApiOptions.SectionName,
                typeof(ApiOptions),
                ["Api:Keys must list at least one key (Api:Keys:0 or a comma-separated Api:Keys) when the CLI serves the API; set Api:AllowAnonymous=true only for loopback demos"]);
        }
    }
}
