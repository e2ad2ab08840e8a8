using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Scheduling;

/// <summary>Registers <see cref="SnapshotSchedules"/>; safe to call from several features (the API and the runner).</summary>
internal static class SchedulingServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SnapshotSchedules)))
        {
            return services;
        }

        // Root keys, not a section: the Functions timer attributes read the same app settings.
        services.AddOptions<SnapshotScheduleOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnapshotScheduleOptions>, SnapshotScheduleOptionsValidator>());
        services.TryAddSingleton<SnapshotSchedules>();
        return services;
    }
}
