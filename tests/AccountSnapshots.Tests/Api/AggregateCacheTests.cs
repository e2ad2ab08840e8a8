using System.Net;
using AccountSnapshots.Api;

using AccountSnapshots.Tests.Infrastructure;

namespace AccountSnapshots.Tests.Api;

public sealed class AggregateCacheTests
{
    [Fact]
    public async Task A_warm_request_makes_no_store_call()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        using (await host.SendAsync("/api/accounts/latest"))
        {
        }

        host.Store.Reset();
        using var latest = await host.SendAsync("/api/accounts/latest");
        using var filtered = await host.SendAsync("/api/accounts/latest?format=csv&source=conduit");
        using var health = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(host.Store.Calls);
    }

    [Fact]
    public async Task Rechecks_only_the_version_after_the_refresh_interval_when_nothing_changed()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        await host.Cache.GetAsync(default);
        host.Store.Reset();

        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.Cache.GetAsync(default);
        await host.Cache.GetAsync(default);

        Assert.Equal(["GetPropertiesAsync latest/aggregate.json"], host.Store.Calls);
    }

    [Fact]
    public async Task Reads_the_object_again_when_its_version_changed()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var before = await host.Cache.GetAsync(default);
        await host.StoreAsync(TestAggregates.Sample() with { Accounts = [] });
        host.Store.Reset();

        host.Time.Advance(TimeSpan.FromSeconds(5));
        var after = await host.Cache.GetAsync(default);

        Assert.Equal(["GetPropertiesAsync latest/aggregate.json", "ReadAsync latest/aggregate.json"], host.Store.Calls);
        Assert.Empty(after.Document.Accounts);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Store.Gate = gate;

        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(() => host.Cache.GetAsync(default))).ToList();
        await Eventually.WaitUntilAsync(() => host.Store.Calls.Count > 0, "the shared refresh reached the store");

        gate.SetResult();
        var snapshots = await Task.WhenAll(callers);

        Assert.Equal(["GetPropertiesAsync latest/aggregate.json", "ReadAsync latest/aggregate.json"], host.Store.Calls);
        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
    }

    [Fact]
    public async Task A_refresh_that_read_a_later_version_keeps_it_over_an_older_one_published_meanwhile()
    {
        await using var host = await ApiTestHost.StartAsync();
        var v1 = TestAggregates.Sample();
        await host.StoreAsync(v1);
        await host.Cache.GetAsync(default);

        // Another instance writes v3 while this one's runner is still publishing its own, older v2.
        var v3 = v1 with { GeneratedAt = v1.GeneratedAt.AddMinutes(2), Accounts = [] };
        await host.StoreAsync(v3);
        host.Store.Reset();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Store.Gate = gate;
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var refresh = Task.Run(() => host.Cache.GetAsync(default));
        await Eventually.WaitUntilAsync(() => host.Store.Calls.Contains("GetPropertiesAsync latest/aggregate.json"), "the refresh reached the store");
        var v2 = v1 with { GeneratedAt = v1.GeneratedAt.AddMinutes(1), Alerts = [] };
        host.Cache.Publish(v2, TestAggregates.ToStoredBytes(v2), "\"runner-v2\"", v2.GeneratedAt);
        gate.SetResult();
        await refresh;

        var served = await host.Cache.GetAsync(default);
        Assert.Equal(v3.GeneratedAt, served.Document.GeneratedAt);
        Assert.Empty(served.Document.Accounts);
    }

    [Fact]
    public async Task Keeps_serving_the_last_good_copy_when_the_store_fails()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        using var first = await host.SendAsync("/api/accounts/latest");

        host.Store.Failing = true;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var second = await host.SendAsync("/api/accounts/latest");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(TestAggregates.ToStoredBytes(TestAggregates.Sample()), await second.Content.ReadAsByteArrayAsync());
        Assert.Contains("GetPropertiesAsync latest/aggregate.json", host.Store.Calls);
    }

    [Fact]
    public async Task Publish_serves_a_new_aggregate_at_once_without_a_store_call()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        await host.Cache.GetAsync(default);
        host.Store.Reset();
        var bytes = TestAggregates.ToStoredBytes(TestAggregates.Sample() with { Alerts = [] });

        host.Cache.Publish(bytes, "\"runner-v2\"", new DateTimeOffset(2026, 11, 21, 6, 45, 3, TimeSpan.Zero));
        var snapshot = await host.Cache.GetAsync(default);

        Assert.Equal(bytes, snapshot.Content.ToArray());
        Assert.Equal("\"runner-v2\"", snapshot.StoreETag);
        Assert.Empty(snapshot.Document.Alerts);
        Assert.Empty(host.Store.Calls);
    }

    [Fact]
    public async Task Publishing_the_written_document_serves_it_and_its_exact_bytes_without_a_store_call()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        await host.Cache.GetAsync(default);
        host.Store.Reset();
        var document = TestAggregates.Sample() with { Alerts = [] };
        var bytes = TestAggregates.ToStoredBytes(document);

        host.Cache.Publish(document, bytes, "\"runner-v3\"", new DateTimeOffset(2026, 11, 21, 6, 45, 3, TimeSpan.Zero));
        var snapshot = await host.Cache.GetAsync(default);

        Assert.Same(document, snapshot.Document);
        Assert.Equal(bytes, snapshot.Content.ToArray());
        Assert.Equal(AggregateSnapshot.ComputeETag(bytes), snapshot.ETag);
        Assert.Equal("\"runner-v3\"", snapshot.StoreETag);
        Assert.Empty(host.Store.Calls);
    }

    [Fact]
    public async Task Keeps_one_never_document_while_nothing_is_stored()
    {
        await using var host = await ApiTestHost.StartAsync();
        var first = await host.Cache.GetAsync(default);

        host.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await host.Cache.GetAsync(default);

        Assert.Same(first, second);
        Assert.Null(second.StoreETag);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"schemaVersion\":1,\"generatedAt\":\"2026-11-21T06:37:12Z\",\"sources\":null,\"accounts\":[],\"totals\":[],\"alerts\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"generatedAt\":\"2026-11-21T06:37:12Z\",\"sources\":[],\"accounts\":[{\"source\":\"conduit\",\"id\":\"a\",\"balances\":[null]}],\"totals\":[],\"alerts\":[]}")]
    public async Task Treats_an_unreadable_aggregate_like_a_store_failure(string stored)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored));
        await host.Store.Inner.WriteAsync("latest/aggregate.json", content, AccountSnapshots.Storage.StoreCondition.None, default);

        using var first = await host.SendAsync("/api/accounts/latest");
        await host.StoreAsync(TestAggregates.Sample());
        host.Time.Advance(TimeSpan.FromSeconds(5));
        using var good = await host.SendAsync("/api/accounts/latest");
        using (var corrupt = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)))
        {
            await host.Store.Inner.WriteAsync("latest/aggregate.json", corrupt, AccountSnapshots.Storage.StoreCondition.None, default);
        }

        host.Time.Advance(TimeSpan.FromSeconds(5));
        using var afterCorruption = await host.SendAsync("/api/accounts/latest");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterCorruption.StatusCode);
        Assert.Equal(good.Headers.ETag, afterCorruption.Headers.ETag);
    }
}
