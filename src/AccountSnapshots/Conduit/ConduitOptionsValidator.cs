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
        UpstreamOptionsChecks.Check(failures, ConduitOptions.SectionName, options);
        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            failures.Add("Conduit:ApiVersion must not be empty");
        }

        if (options.RateLimitBudget < TimeSpan.Zero || options.RateLimitBudget > TimeSpan.FromDays(1))
        {
            failures.Add("Conduit:RateLimitBudget must be between 00:00:00 and 1.00:00:00");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
