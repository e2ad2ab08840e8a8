using System.Globalization;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// Many runs at once on one store (Azurite and the file store): 20 runs of the same slot per source give exactly one
/// snapshot document and 19 AlreadyTaken; runs of different slots racing on the aggregate (409/412) lose no update.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ConcurrencyTests(AzuriteFixture azurite)
{
    private const int Parallel = 20;
    private static readonly DateTimeOffset Slot = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("blob")]
    [InlineData("file")]
    public async Task Twenty_parallel_runs_per_slot_store_one_document_and_the_aggregate_loses_no_update(string store)
    {
        await using var host = await ReliabilityHost.StartAsync(s =>
        {
            if (store == "blob")
            {
                StorageFaultTests.Blob(s, azurite.ConnectionString, azurite.CreateContainerName("race"));
                s["Storage:NetworkTimeout"] = "00:00:10";
                s["Storage:MaxRetries"] = "3";
            }
        });

        // 1. The same slot, 20 runs per source, both sources at once.
        var sameSlot = await Task.WhenAll(SourceNames.All.SelectMany(source => Enumerable.Range(0, Parallel).Select(_ => host.RunAsync(source, Slot))));
        var conflictsSameSlot = Count(host, "AggregateConflict");
        var createConflicts = Count(host, "StoreWriteConditionFailed");
        foreach (var source in SourceNames.All)
        {
            var results = sameSlot.Where(r => r.Source == source).ToList();
            Assert.Equal(1, results.Count(r => r.Status == SnapshotRunStatus.Succeeded));
            Assert.Equal(Parallel - 1, results.Count(r => r.Status == SnapshotRunStatus.AlreadyTaken));
            var documents = await ListAsync(host, $"snapshots/{source}/");
            Assert.Single(documents);
        }

        var aggregate = (await host.AggregateAsync())!;
        Assert.All(aggregate.Sources, s => Assert.Equal((SourceStatusValues.Ok, Slot, Slot), (s.Status, s.SnapshotAt!.Value, s.LastAttemptAt!.Value)));
        Assert.Equal(host.Sandbox.Conduit.ClientCount + host.Sandbox.ThreeCommas.AccountCount, aggregate.Accounts.Count);
        Assert.Equal(aggregate.Accounts.Count, aggregate.Accounts.Select(a => (a.Source, a.Id)).Distinct().Count());

        // 2. Ten different slots per source at once: every run succeeds and races on the aggregate's ETag.
        var slots = Enumerable.Range(1, 10).Select(i => Slot.AddMinutes(i)).ToList();
        var logsBefore = host.Logs.Count;
        var distinct = await Task.WhenAll(SourceNames.All.SelectMany(source => slots.Select(slot => host.RunAsync(source, slot))));
        var raced = host.Logs.Skip(logsBefore).Count(l => l.StartsWith("AggregateConflict:", StringComparison.Ordinal));
        Assert.All(distinct, r => Assert.Equal(SnapshotRunStatus.Succeeded, r.Status));
        aggregate = (await host.AggregateAsync())!;
        Assert.All(aggregate.Sources, s => Assert.Equal((SourceStatusValues.Ok, slots[^1], slots[^1]), (s.Status, s.SnapshotAt!.Value, s.LastAttemptAt!.Value)));
        Assert.Equal(host.Sandbox.Conduit.ClientCount + host.Sandbox.ThreeCommas.AccountCount, aggregate.Accounts.Count);
        foreach (var source in SourceNames.All)
        {
            Assert.Equal(11, (await ListAsync(host, $"snapshots/{source}/")).Count);
            var latest = SnapshotDocumentSerializer.Read((await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.Span)!;
            // Not asserted to be the newest: latest/{source}.json is written unconditionally after the aggregate
            // update, so two racing runs can land it out of order (noted in docs/reliability.md).
            Assert.Contains(latest.Slot, slots);
            Assert.Equal("ok", latest.Status);
        }

        await host.AssertNoSecretsLeakedAsync(AzuriteFixture.AccountKey);
        ReliabilityReport.WriteSection($"concurrency-{store}", string.Create(CultureInfo.InvariantCulture, $"""
            Store: {(store == "blob" ? "Blob (Azurite)" : "file store (temporary folder)")}.
            - Same slot, {Parallel} runs per source, both sources at once ({Parallel * 2} runs): per source 1 `Succeeded`, {Parallel - 1} `AlreadyTaken`, exactly 1 snapshot document; aggregate: both sources `ok` at the slot, {aggregate.Accounts.Count} accounts, no duplicates. Create-if-absent refusals (409/412 on the snapshot path): {createConflicts}; aggregate ETag conflicts retried: {conflictsSameSlot}.
            - Ten different slots per source at once (20 runs): 20 `Succeeded`, {raced} aggregate ETag conflicts merged again, 0 lost: the aggregate of both sources holds the newest slot, 11 documents per source.
            """));
    }

    private static int Count(ReliabilityHost host, string eventName) => host.Logs.Count(l => l.StartsWith(eventName + ":", StringComparison.Ordinal));

    private static async Task<List<string>> ListAsync(ReliabilityHost host, string prefix)
    {
        var paths = new List<string>();
        await foreach (var path in host.Store.ListAsync(prefix, CancellationToken.None))
        {
            paths.Add(path);
        }

        return paths;
    }
}
