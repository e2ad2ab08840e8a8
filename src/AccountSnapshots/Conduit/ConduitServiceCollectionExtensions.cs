using AccountSnapshots.Settings;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Conduit;

/// <summary>Registers the Conduit client with its options (<c>Conduit:*</c>), validated at start.</summary>
internal static class ConduitServiceCollectionExtensions
{
    public static IServiceCollection AddConduit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ConduitOptions, ConduitOptionsValidator>(configuration.GetSection(ConduitOptions.SectionName));
        return services.AddUpstreamClient<ConduitClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ConduitOptions>>().Value;
            return new UpstreamResilienceSettings(
                SourceNames.Conduit, options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryBaseDelay,
                RetryRateLimited: true, options.RateLimitBudget);
        });
    }
}
