using AccountSnapshots.Settings;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.ThreeCommas;

/// <summary>Registers the 3Commas client, its request budget and its options (<c>ThreeCommas:*</c>), validated at start.</summary>
internal static class ThreeCommasServiceCollectionExtensions
{
    public static IServiceCollection AddThreeCommas(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ThreeCommasRequestBudget>();
        services.AddValidatedOptions<ThreeCommasOptions, ThreeCommasOptionsValidator>(configuration.GetSection(ThreeCommasOptions.SectionName));

        // 3Commas blocks a key for 300 s after a 429 and bans repeat offenders, so a 429 (or 418) is never retried.
        return services.AddUpstreamClient<ThreeCommasClient, ThreeCommasOptions>(
            options => UpstreamResilienceSettings.From(SourceNames.ThreeCommas, options, retryRateLimited: false, TimeSpan.Zero));
    }
}
