using AccountSnapshots.Telemetry;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccountSnapshots.Snapshots;

/// <summary>Registers the snapshot runner and its steps; the publisher it needs comes from Aggregation.</summary>
internal static class SnapshotsServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SnapshotOptions>()
            .Bind(configuration.GetSection(SnapshotOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<SnapshotMetrics>();
        services.TryAddSingleton<CredentialResolver>();
        services.TryAddSingleton<SourceFetcher>();
        services.TryAddSingleton<SnapshotRunReporter>();
        services.TryAddSingleton(sp => new SnapshotRunner(
            sp.GetServices<IAccountSource>(),
            sp.GetRequiredService<SourceFetcher>(),
            sp.GetRequiredService<Storage.ISnapshotStore>(),
            sp.GetRequiredService<ISnapshotPublisher>(),
            sp.GetServices<ISnapshotListener>(),
            sp.GetRequiredService<SnapshotRunReporter>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
