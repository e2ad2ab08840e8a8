using AccountSnapshots.Secrets;
using AccountSnapshots.Settings;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Storage;

/// <summary>Registers <see cref="ISnapshotStore"/>: Blob when a connection string or service URI is set, else a directory.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshotStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration.GetSection(StorageOptions.SectionName));
        services.AddDefaultTokenCredential(configuration);

        services.TryAddSingleton<ISnapshotStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            ISnapshotStore store = options.UsesBlob
                ? BlobSnapshotStore.Create(options, provider.GetRequiredService<TokenCredential>, provider.GetRequiredService<ILogger<BlobSnapshotStore>>())
                : new FileSnapshotStore(options.Directory, provider.GetRequiredService<ILogger<FileSnapshotStore>>());
            var logger = provider.GetRequiredService<ILogger<ISnapshotStore>>();
            StorageLog.SnapshotStoreSelected(logger, store.Description);
            return store;
        });
        return services;
    }
}
