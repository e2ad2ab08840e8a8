using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>
/// A run stopped half-way through publishing, or derived objects damaged in the store, are completed or rebuilt by a
/// later run instead of being taken as done or failing every run.
/// </summary>
public sealed partial class SnapshotRunnerTests
{
    [Fact]
    public async Task A_slot_whose_latest_copy_was_not_written_gets_it_when_the_slot_runs_again()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot.AddMinutes(-15)), CancellationToken.None);
        var older = (await host.Store.ReadAsync(SnapshotPaths.Latest(SourceNames.Conduit), CancellationToken.None))!;
        await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        // As if the run had been stopped after the aggregate and before the latest copy: the copy is a slot behind.
        await WriteAsync(host.Store, SnapshotPaths.Latest(SourceNames.Conduit), older.Content.ToArray());
        var again = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.AlreadyTaken, again.Status);
        Assert.Equal(s_slot, await ReadLatestSlotAsync(host, SourceNames.Conduit));
        Assert.Equal(2, host.Sandbox.Conduit.RequestCount);
    }

    [Fact]
    public async Task Good_data_stored_before_a_later_failed_attempt_was_merged_is_folded_in_when_its_slot_runs_again()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        // As if the good run had been stopped right after storing its document, and a later attempt then failed.
        File.Delete(Path.Combine(StoreDirectory(host), "latest", "aggregate.json"));
        File.Delete(Path.Combine(StoreDirectory(host), "latest", "conduit.json"));
        host.Sandbox.Conduit.Faults.Enqueue(SandboxFault.Parse("conduit:401"));
        host.Sandbox.Conduit.Faults.Enqueue(SandboxFault.Parse("conduit:401"));
        var failed = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);
        Assert.Equal(SnapshotRunStatus.Failed, failed.Status);

        var again = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.AlreadyTaken, again.Status);
        var conduit = (await host.ReadAggregateAsync())!.Sources.Single(s => s.Source == SourceNames.Conduit);
        Assert.Equal((s_slot, s_slot.AddMinutes(15), SourceStatusValues.Stale), (conduit.SnapshotAt, conduit.LastAttemptAt, conduit.Status));
        Assert.Equal(40, (await host.ReadAggregateAsync())!.Accounts.Count);
        Assert.Equal(s_slot, await ReadLatestSlotAsync(host, SourceNames.Conduit));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":")]
    public async Task A_damaged_latest_copy_is_replaced_by_the_next_good_run(string damaged)
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        await WriteAsync(host.Store, SnapshotPaths.Latest(SourceNames.Conduit), System.Text.Encoding.UTF8.GetBytes(damaged));

        var next = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Succeeded, next.Status);
        Assert.Equal(s_slot.AddMinutes(15), await ReadLatestSlotAsync(host, SourceNames.Conduit));
    }

    [Fact]
    public async Task An_aggregate_with_a_null_list_is_rebuilt_by_the_next_run()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        await WriteAsync(host.Store, SnapshotPaths.Aggregate, """{"generatedAt":"2026-11-21T06:15:00+00:00","sources":null,"accounts":[],"totals":[],"alerts":[]}"""u8.ToArray());

        var next = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Succeeded, next.Status);
        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.Equal([SourceStatusValues.Ok, SourceStatusValues.Ok], aggregate.Sources.Select(s => s.Status));
        Assert.Equal(52, aggregate.Accounts.Count);
    }

    [Fact]
    public async Task Readers_hear_of_the_new_aggregate_even_when_the_latest_copy_write_fails()
    {
        var heard = new RecordingAggregateListener();
        var directory = Path.Combine(Path.GetTempPath(), "as-copyfail-" + Guid.NewGuid().ToString("N"));
        await using var host = await PipelineHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:Directory"] = directory },
            configure: services =>
            {
                services.AddSingleton<ISnapshotStore>(sp => new LatestCopyFailingStore(new FileSnapshotStore(directory, sp.GetRequiredService<ILogger<FileSnapshotStore>>())));
                services.AddSingleton<IAggregateListener>(heard);
            });

        var result = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Failed, result.Status);
        var update = Assert.Single(heard.Updates);
        Assert.Equal(s_slot, update.Merge.Document.Sources.Single(s => s.Source == SourceNames.Conduit).SnapshotAt);
    }

    private static async Task WriteAsync(ISnapshotStore store, string path, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        Assert.True((await store.WriteAsync(path, content, StoreCondition.None, CancellationToken.None)).Written);
    }

    private static async Task<DateTimeOffset?> ReadLatestSlotAsync(PipelineHost host, string source) =>
        SnapshotDocumentSerializer.ReadSlot((await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.Span);

    private sealed class RecordingAggregateListener : IAggregateListener
    {
        public List<AggregateUpdate> Updates { get; } = [];

        public void OnAggregateWritten(AggregateUpdate update) => Updates.Add(update);
    }

    /// <summary>A real folder store whose writes of a latest copy fail, as a storage fault at that moment would.</summary>
    private sealed class LatestCopyFailingStore(ISnapshotStore inner) : ISnapshotStore
    {
        public string Description => inner.Description;

        public Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken) =>
            path.StartsWith("latest/", StringComparison.Ordinal) && path != SnapshotPaths.Aggregate
                ? throw new SnapshotStoreException($"Writing {path} failed (test fault).")
                : inner.WriteAsync(path, content, condition, cancellationToken);

        public Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
    }
}
