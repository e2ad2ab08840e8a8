using AccountSnapshots.Settings;
using AccountSnapshots.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Scheduling;

/// <summary>Registers the schedules (validated at start) and the runner the timers and <c>serve</c> call.</summary>
internal static class SchedulingServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Root keys, not a section: the Functions timer attributes read the same app settings.
        services.AddValidatedOptions<SnapshotScheduleOptions, SnapshotScheduleOptionsValidator>(configuration);
        services.TryAddSingleton<SnapshotSchedules>();
        services.TryAddSingleton(sp => new ScheduledSnapshotRunner(
            sp.GetRequiredService<SnapshotRunner>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ScheduledSnapshotRunner>>()));
        return services;
    }
}
