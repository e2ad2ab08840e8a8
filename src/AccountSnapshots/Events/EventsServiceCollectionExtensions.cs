using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Events;

/// <summary>Registers the event timeline (it reads the history index).</summary>
internal static class EventsServiceCollectionExtensions
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new EventsService(
            sp.GetRequiredService<HistoryIndex>(),
            sp.GetRequiredService<ISnapshotStore>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventsService>>()));
        return services;
    }
}
