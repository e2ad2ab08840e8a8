using AccountSnapshots.History;
using AccountSnapshots.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.Changes;

/// <summary>Registers the changes query (it reads the history index).</summary>
internal static class ChangesServiceCollectionExtensions
{
    public static IServiceCollection AddChanges(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ChangesService(sp.GetRequiredService<HistoryIndex>(), sp.GetRequiredService<ISnapshotStore>()));
        return services;
    }
}
