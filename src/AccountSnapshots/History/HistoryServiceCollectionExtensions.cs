using AccountSnapshots.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.History;

/// <summary>Registers the history index, its writer after each snapshot, and the query service.</summary>
internal static class HistoryServiceCollectionExtensions
{
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.TryAddSingleton<HistoryIndex>();
        services.TryAddSingleton(sp => new HistoryService(sp.GetRequiredService<HistoryIndex>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotListener, HistoryIndexListener>());
        return services;
    }
}
