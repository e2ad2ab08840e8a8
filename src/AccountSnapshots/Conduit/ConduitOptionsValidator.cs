using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Conduit;

/// <summary>Validates <see cref="ConduitOptions"/> at start with messages naming the exact setting.</summary>
internal sealed class ConduitOptionsValidator : IValidateOptions<ConduitOptions>
{
    public ValidateOptionsResult Validate(string? name, ConduitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        UpstreamOptionsChecks.CheckBaseUrl(failures, ConduitOptions.SectionName, options.BaseUrl);
        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            failures.Add("Conduit:ApiVersion must not be empty");
        }

        if (options.RateLimitBudget < TimeSpan.Zero || options.RateLimitBudget > TimeSpan.FromDays(1))
        {
            failures.Add("Conduit:RateLimitBudget must be between 00:00:00 and 1.00:00:00");
        }

        UpstreamOptionsChecks.CheckMaxResponseBytes(failures, ConduitOptions.SectionName, options.MaxResponseBytes);
        if (options.MaxAmountDigits is < Money.AmountRules.MinMaxDigits or > Money.AmountRules.MaxMaxDigits)
        {
            failures.Add($"Conduit:MaxAmountDigits must be between {Money.AmountRules.MinMaxDigits} and {Money.AmountRules.MaxMaxDigits}");
        }

        UpstreamOptionsChecks.CheckResilience(
            failures, ConduitOptions.SectionName, options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryBaseDelay);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
