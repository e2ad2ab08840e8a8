using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>The pipeline against Azure Blob Storage (the real SDK against Azurite).</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SnapshotRunnerBlobTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset s_slot = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_normal_run_writes_the_same_layout_to_blob_storage()
    {
        await using var host = await PipelineHost.StartAsync(PipelineHost.BlobSettings(azurite));

        var results = await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SnapshotRunStatus.Succeeded, r.Status));
        Assert.Equal(
            [
                "latest/aggregate.json",
                "latest/conduit.json",
                "latest/threecommas.json",
                "snapshots/conduit/2026/11/21/20261121T060000Z.json",
                "snapshots/threecommas/2026/11/21/20261121T060000Z.json",
            ],
            (await host.ReadAllObjectsAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("blob ", host.Store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_runs_of_one_slot_store_exactly_one_blob()
    {
        await using var host = await PipelineHost.StartAsync(PipelineHost.BlobSettings(azurite));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None)));

        Assert.Single(results, r => r.Status == SnapshotRunStatus.Succeeded);
        Assert.Equal(19, results.Count(r => r.Status == SnapshotRunStatus.AlreadyTaken));
        Assert.Single((await host.ReadAllObjectsAsync()).Keys, k => k.StartsWith("snapshots/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_sources_updating_the_aggregate_at_once_never_lose_an_update()
    {
        await using var host = await PipelineHost.StartAsync(PipelineHost.BlobSettings(azurite));
        const int Rounds = 8;

        for (var round = 0; round < Rounds; round++)
        {
            var slot = SnapshotSlot.Scheduled(s_slot.AddMinutes(round));
            var results = await Task.WhenAll(
                host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None),
                host.Runner.RunAsync(SourceNames.ThreeCommas, slot, CancellationToken.None));
            Assert.All(results, r => Assert.Equal(SnapshotRunStatus.Succeeded, r.Status));
        }

        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.All(aggregate.Sources, s => Assert.Equal(s_slot.AddMinutes(Rounds - 1), s.SnapshotAt));
        Assert.Equal(52, aggregate.Accounts.Count);
    }

    [Fact]
    public async Task Storage_stopped_mid_run_fails_clearly_keeps_the_last_good_data_and_the_next_run_recovers()
    {
        await using var host = await PipelineHost.StartAsync(PipelineHost.BlobSettings(azurite) is var settings
            ? new Dictionary<string, string?>(settings) { ["Storage:MaxRetries"] = "0", ["Storage:NetworkTimeout"] = "00:00:05" }
            : null);
        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        var before = await host.ReadAllObjectsAsync();

        // The upstream answers slowly; storage goes away while the fetch is in flight.
        host.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.Slow(TimeSpan.FromSeconds(3)));
        var requestsBefore = host.Sandbox.ThreeCommas.RequestCount;
        var run = host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => host.Sandbox.ThreeCommas.RequestCount > requestsBefore, "the run's fetch reached the sandbox");
        await azurite.StopAsync();
        SnapshotRunResult failed;
        try
        {
            failed = await run;
        }
        finally
        {
            await azurite.StartAsync();
        }

        Assert.Equal(SnapshotRunStatus.Failed, failed.Status);
        Assert.Equal(UpstreamErrorKind.Unavailable, failed.Error!.Kind);
        Assert.Contains("storage", failed.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await host.ReadAllObjectsAsync());

        var next = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(30)), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Succeeded, next.Status);
        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.Equal(SourceStatusValues.Ok, aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
        Assert.Equal(s_slot.AddMinutes(30), aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas).SnapshotAt);
    }
}
