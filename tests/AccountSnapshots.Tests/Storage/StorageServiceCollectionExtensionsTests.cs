using System.Text;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Tests.Secrets;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Without_blob_settings_the_store_is_the_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-registration-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var services = Build(new() { ["Storage:Directory"] = directory });
            var store = services.GetRequiredService<ISnapshotStore>();

            await store.WriteAsync("latest/a.json", new MemoryStream("{}"u8.ToArray()), StoreCondition.IfAbsent, CancellationToken.None);

            Assert.IsType<FileSnapshotStore>(store);
            Assert.Same(store, services.GetRequiredService<ISnapshotStore>());
            Assert.True(File.Exists(Path.Combine(directory, "latest", "a.json")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task With_a_connection_string_the_store_is_the_blob_container()
    {
        var container = azurite.CreateContainerName("registration");
        using var services = Build(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, ["Storage:Container"] = container });
        var store = services.GetRequiredService<ISnapshotStore>();

        await store.WriteAsync("latest/a.json", new MemoryStream(Encoding.UTF8.GetBytes("{}")), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.IsType<BlobSnapshotStore>(store);
        Assert.True((await azurite.CreateServiceClient().GetBlobContainerClient(container).GetBlobClient("latest/a.json").ExistsAsync()).Value);
    }

    [Fact]
    public void With_a_service_uri_the_blob_store_uses_the_registered_credential()
    {
        var credentialUsed = false;
        using var services = Build(
            new() { ["Storage:ServiceUri"] = "https://stacct.blob.core.windows.net" },
            s => s.AddSingleton<TokenCredential>(_ =>
            {
                credentialUsed = true;
                return new FixedTokenCredential("t");
            }));

        var store = services.GetRequiredService<ISnapshotStore>();

        Assert.IsType<BlobSnapshotStore>(store);
        Assert.Equal("blob account-snapshots @ https://stacct.blob.core.windows.net", store.Description);
        Assert.True(credentialUsed);
    }

    [Theory]
    [InlineData("Storage:ServiceUri", "http://stacct.blob.core.windows.net", "Storage:ServiceUri must be an absolute https URI")]
    [InlineData("Storage:Container", "Bad_Name", "Storage:Container must be 3-63 characters")]
    [InlineData("Storage:Container", "a--b", "Storage:Container must be 3-63 characters")]
    [InlineData("Storage:MaxRetries", "-1", "Storage:MaxRetries must be between 0 and 10")]
    [InlineData("Storage:NetworkTimeout", "00:00:00", "Storage:NetworkTimeout must be a positive time span")]
    public void Invalid_settings_fail_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        using var services = Build(new() { ["Storage:ServiceUri"] = "https://stacct.blob.core.windows.net", [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_a_connection_string_and_a_service_uri_fail_naming_both()
    {
        using var services = Build(new() { ["Storage:ServiceUri"] = "https://stacct.blob.core.windows.net", ["Storage:ConnectionString"] = azurite.ConnectionString });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISnapshotStore>());

        Assert.Contains("Storage:ConnectionString and Storage:ServiceUri are both set", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_fails_without_echoing_it()
    {
        using var services = Build(new() { ["Storage:ConnectionString"] = "AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;nonsense" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage:ConnectionString is not a valid Azure Storage connection string", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS12YWx1ZQ==", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? arrange = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        arrange?.Invoke(services);
        services.AddSnapshotStore(configuration);
        return services.BuildServiceProvider();
    }
}
