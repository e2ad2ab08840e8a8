using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.ThreeCommas;

/// <summary>Validates <see cref="ThreeCommasOptions"/> at start with messages naming the exact setting.</summary>
internal sealed class ThreeCommasOptionsValidator : IValidateOptions<ThreeCommasOptions>
{
    public ValidateOptionsResult Validate(string? name, ThreeCommasOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        UpstreamOptionsChecks.Check(failures, ThreeCommasOptions.SectionName, options);
        if (options.ForcedMode is not ("real" or "paper"))
        {
            // An empty Forced-Mode header is answered with forced_mode_invalid, so it is refused here.
            failures.Add("ThreeCommas:ForcedMode must be \"real\" or \"paper\"");
        }

        if (options.PerPage is < 1 or > 100)
        {
            failures.Add("ThreeCommas:PerPage must be between 1 and 100");
        }

        if (options.MaxPages is < 1 or > 100)
        {
            failures.Add("ThreeCommas:MaxPages must be between 1 and 100");
        }

        if (options.RequestsPerMinute is < 0 or > 90)
        {
            // Above 90 a retry or a second instance would push past 3Commas' 100 a minute and its 300 s block.
            failures.Add("ThreeCommas:RequestsPerMinute must be between 1 and 90 (0, no pacing, only for a loopback stand-in)");
        }
        else if (options.RequestsPerMinute == 0 && options.BaseUrl is { IsLoopback: false })
        {
            // No pacing is for the sandbox on this machine (the demo fills a week of slots); never for 3Commas itself.
            failures.Add("ThreeCommas:RequestsPerMinute may be 0 (no pacing) only when ThreeCommas:BaseUrl is a loopback address");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
