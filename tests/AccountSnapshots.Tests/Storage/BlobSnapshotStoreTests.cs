using System.Text;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BlobSnapshotStoreTests(AzuriteFixture azurite) : SnapshotStoreContractTests
{
    private readonly string _container = azurite.CreateContainerName("contract");

    private protected override ISnapshotStore Store => field ??= CreateStore(_container);

    [Fact]
    public async Task Creates_the_container_when_it_is_missing()
    {
        var container = azurite.CreateServiceClient().GetBlobContainerClient(azurite.CreateContainerName("missing"));
        Assert.False((await container.ExistsAsync()).Value);
        var store = CreateStore(container.Name);

        var result = await store.WriteAsync("latest/a.json", Content("{}"), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.True(result.Written);
        Assert.True((await container.ExistsAsync()).Value);
        var properties = (await container.GetBlobClient("latest/a.json").GetPropertiesAsync()).Value;
        Assert.Equal("application/json; charset=utf-8", properties.ContentType);
    }

    [Fact]
    public async Task Reads_and_lists_nothing_before_the_container_exists()
    {
        var store = CreateStore(azurite.CreateContainerName("never"));

        Assert.Null(await store.ReadAsync("latest/a.json", CancellationToken.None));
        Assert.Null(await store.GetPropertiesAsync("latest/a.json", CancellationToken.None));
        Assert.Empty(await ToListAsync(store.ListAsync("", CancellationToken.None)));
    }

    [Fact]
    public void Describes_the_endpoint_and_container_without_the_account_key()
    {
        Assert.Equal($"blob {_container} @ {azurite.BlobServiceUri}", Store.Description);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, Store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_outage_fails_with_a_clear_message_and_leaves_the_previous_content()
    {
        var first = await Store.WriteAsync("latest/aggregate.json", Content("before"), StoreCondition.IfAbsent, CancellationToken.None);

        SnapshotStoreException failure;
        await azurite.StopAsync();
        try
        {
            failure = await Assert.ThrowsAsync<SnapshotStoreException>(() =>
                Store.WriteAsync("latest/aggregate.json", Content("during"), StoreCondition.IfMatch(first.ETag!), CancellationToken.None));
            var readFailure = await Assert.ThrowsAsync<SnapshotStoreException>(() => Store.ReadAsync("latest/aggregate.json", CancellationToken.None));
            Assert.Contains("latest/aggregate.json", readFailure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.StartAsync();
        }

        Assert.Contains(_container, failure.Message, StringComparison.Ordinal);
        Assert.Contains(azurite.BlobServiceUri.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("latest/aggregate.json", failure.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, failure.ToString(), StringComparison.Ordinal);
        var after = await Store.ReadAsync("latest/aggregate.json", CancellationToken.None);
        Assert.Equal("before", Text(after));
        Assert.Equal(first.ETag, after!.ETag);
    }

    [Fact]
    public async Task A_refused_request_names_the_http_status_without_the_account_key()
    {
        // A wrong key is the simplest real 403 Azurite gives.
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-account-key-not-the-account-key"));
        var options = new StorageOptions
        {
            ConnectionString = azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal),
            Container = _container,
            MaxRetries = 0,
        };
        using var store = BlobSnapshotStore.Create(options, () => throw new InvalidOperationException("no credential expected"), NullLogger<BlobSnapshotStore>.Instance);

        var failure = await Assert.ThrowsAsync<SnapshotStoreException>(() =>
            store.WriteAsync("latest/a.json", Content("x"), StoreCondition.None, CancellationToken.None));

        Assert.Contains("HTTP 403", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_container, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, failure.ToString(), StringComparison.Ordinal);
    }

    private BlobSnapshotStore CreateStore(string container)
    {
        var options = new StorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            Container = container,
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(50),
            NetworkTimeout = TimeSpan.FromSeconds(10),
        };
        return BlobSnapshotStore.Create(options, () => throw new InvalidOperationException("no credential expected"), NullLogger<BlobSnapshotStore>.Instance);
    }
}
