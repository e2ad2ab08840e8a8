using AccountSnapshots.Aggregation;
using AccountSnapshots.Api;
using AccountSnapshots.Changes;
using AccountSnapshots.Conduit;
using AccountSnapshots.Events;
using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Secrets;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.ThreeCommas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots;

/// <summary>The single registration entry point every host calls (Functions app, CLI, tests).</summary>
public static class AccountSnapshotsServiceCollectionExtensions
{
    /// <summary>
    /// The settings read from the configuration root rather than a section (the schedules the Functions timers also
    /// read, the managed identity's client id), for a host that checks which settings its command line may carry.
    /// </summary>
    public static IReadOnlyList<string> RootSettingNames { get; } =
    [
        nameof(SnapshotScheduleOptions.ConduitSnapshotSchedule),
        nameof(SnapshotScheduleOptions.ThreeCommasSnapshotSchedule),
        TokenCredentialServiceCollectionExtensions.ClientIdSetting,
    ];

    /// <summary>
    /// Registers every core service with options bound from <paramref name="configuration"/> and validated at start.
    /// A host may register its own <see cref="TimeProvider"/> first (tests do); otherwise the system clock is used.
    /// </summary>
    public static IServiceCollection AddAccountSnapshots(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddSecretProvider(configuration)
            .AddSnapshotStore(configuration)
            .AddUpstreamSources(configuration)
            .AddSnapshotRuns(configuration)
            .AddAggregation(configuration)
            .AddSnapshotSchedules(configuration)
            .AddHistory()
            .AddEvents()
            .AddChanges()
            .AddAccountsApi(configuration);
    }

    /// <summary>The two upstream connectors (tests register them alone, against the sandbox).</summary>
    internal static IServiceCollection AddUpstreamSources(this IServiceCollection services, IConfiguration configuration) =>
        services.AddConduit(configuration).AddThreeCommas(configuration);

    /// <summary>
    /// Adds the in-process scheduler that runs both sources on their NCRONTAB schedules (the CLI's <c>serve</c>). The
    /// Functions app does not call this: its timer triggers do the same job.
    /// </summary>
    public static IServiceCollection AddSnapshotScheduler(this IServiceCollection services)
    {
        services.AddHostedService<SnapshotScheduler>();
        return services;
    }
}
