using AccountSnapshots.Aggregation;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.History;

/// <summary>Registers the history index, its writer after each snapshot, the query service and the aggregate's <c>change24h</c> baseline.</summary>
internal static class HistoryServiceCollectionExtensions
{
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.TryAddSingleton<HistoryIndex>();
        services.TryAddSingleton(sp => new HistoryService(sp.GetRequiredService<HistoryIndex>(), sp.GetRequiredService<ISnapshotStore>()));
        services.TryAddSingleton<ITotalsBaseline, HistoryTotalsBaseline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotListener, HistoryIndexListener>());
        return services;
    }
}
