using AccountSnapshots.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Registers the aggregate's owner: the updater and the publisher the snapshot runner hands its documents to. The
/// <see cref="ITotalsBaseline"/> <c>change24h</c> needs is registered by History.
/// </summary>
internal static class AggregationServiceCollectionExtensions
{
    public static IServiceCollection AddAggregation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>()
            .Bind(configuration.GetSection(AggregationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<Change24hCalculator>();
        services.TryAddSingleton<AggregateUpdater>();
        services.TryAddSingleton<ISnapshotPublisher, AggregatePublisher>();
        return services;
    }
}
