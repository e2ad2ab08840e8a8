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
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
