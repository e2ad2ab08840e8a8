using AccountSnapshots.Settings;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Conduit;

/// <summary>Registers the Conduit client with its options (<c>Conduit:*</c>), validated at start.</summary>
internal static class ConduitServiceCollectionExtensions
{
    public static IServiceCollection AddConduit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ConduitOptions, ConduitOptionsValidator>(configuration.GetSection(ConduitOptions.SectionName));
        return services.AddUpstreamClient<ConduitClient, ConduitOptions>(
            options => UpstreamResilienceSettings.From(SourceNames.Conduit, options, retryRateLimited: true, options.RateLimitBudget));
    }
}
