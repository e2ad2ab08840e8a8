using AccountSnapshots.Aggregation;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Storage;
using AccountSnapshots.Telemetry;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Snapshots;

/// <summary>Registers the snapshot runner, the aggregate updater and telemetry.</summary>
internal static class SnapshotsServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SnapshotOptions>()
            .Bind(configuration.GetSection(SnapshotOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSnapshotSchedules(configuration);
        services.AddMetrics();
        services.TryAddSingleton<SnapshotMetrics>();
        services.TryAddSingleton<CredentialResolver>();
        services.TryAddSingleton<AggregateUpdater>();
        services.TryAddSingleton(sp => new SnapshotRunner(
            sp.GetServices<IAccountSource>(),
            sp.GetRequiredService<CredentialResolver>(),
            sp.GetRequiredService<ISnapshotStore>(),
            sp.GetRequiredService<AggregateUpdater>(),
            sp.GetServices<IAggregateListener>(),
            sp.GetServices<ISnapshotListener>(),
            sp.GetRequiredService<SnapshotMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SnapshotOptions>>(),
            sp.GetRequiredService<ILogger<SnapshotRunner>>()));
        services.TryAddSingleton(sp => new ScheduledSnapshotRunner(
            sp.GetRequiredService<SnapshotRunner>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ScheduledSnapshotRunner>>()));
        return services;
    }
}
