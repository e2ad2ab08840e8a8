using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Aggregation;

/// <summary>
/// A warm process (second run in the same process) reuses the aggregate and the latest copy's slot it wrote last
/// while their ETags still match, and reads the store again as soon as another writer changed them (no lost update).
/// CLI-style composition over a real folder store (counted).
/// </summary>
public sealed class WarmAggregateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset First = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddMinutes(10);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Second.AddMinutes(1));
        await PublishAsync(Ok(SourceNames.Conduit, First, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_second_run_in_the_same_process_reads_neither_the_aggregate_nor_the_latest_copy_when_nobody_else_changed_them()
    {
        _host.Store.Reset();

        var second = Ok(SourceNames.Conduit, Second, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "2"))]);
        await PublishAsync(second);
        var seen = await Publisher.HasSeenAsync(second, CancellationToken.None);

        Assert.True(seen);
        Assert.DoesNotContain($"ReadAsync {SnapshotPaths.Aggregate}", _host.Store.Calls);
        Assert.DoesNotContain($"ReadAsync {SnapshotPaths.Latest(SourceNames.Conduit)}", _host.Store.Calls);
        Assert.Contains($"GetPropertiesAsync {SnapshotPaths.Aggregate}", _host.Store.Calls);
        Assert.Contains($"GetPropertiesAsync {SnapshotPaths.Latest(SourceNames.Conduit)}", _host.Store.Calls);
        var aggregate = await ReadAggregateAsync();
        Assert.Equal("2", Assert.Single(aggregate.Accounts).Balances![0].Amount);
        Assert.Equal(Second, await ReadLatestSlotAsync(SourceNames.Conduit));
    }

    [Fact]
    public async Task An_aggregate_changed_by_another_writer_between_two_runs_is_read_and_merged_so_its_update_is_not_lost()
    {
        // Another process folds a 3Commas run into the aggregate this process wrote last.
        var stored = (await _host.Store.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None))!;
        var theirs = AggregateMerger.Merge(
            JsonSerializer.Deserialize(stored.Content.Span, AccountSnapshotsJsonContext.Default.AggregateDocument),
            SourceRunOutcome.From(Ok(SourceNames.ThreeCommas, First.AddMinutes(5), [ThreeCommasAccount("31", "Binance", "100", "0.5")])),
            First.AddMinutes(6)).Document;
        using (var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(theirs, AccountSnapshotsJsonContext.Default.AggregateDocument)))
        {
            Assert.True((await _host.Store.WriteAsync(SnapshotPaths.Aggregate, content, StoreCondition.IfMatch(stored.ETag), CancellationToken.None)).Written);
        }

        _host.Store.Reset();
        await PublishAsync(Ok(SourceNames.Conduit, Second, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "2"))]));

        Assert.Contains($"ReadAsync {SnapshotPaths.Aggregate}", _host.Store.Calls);
        var aggregate = await ReadAggregateAsync();
        Assert.Equal(["acct_1", "31"], aggregate.Accounts.Select(a => a.Id));
        Assert.Equal("2", aggregate.Accounts[0].Balances![0].Amount);
        Assert.Equal(SourceStatusValues.Ok, aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
    }

    [Fact]
    public async Task A_latest_copy_replaced_by_another_writer_with_a_later_slot_is_read_and_not_overwritten()
    {
        var later = Ok(SourceNames.Conduit, Second.AddMinutes(10), [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "3"))]);
        await using (var content = await SnapshotDocumentSerializer.SerializeAsync(later, CancellationToken.None))
        {
            Assert.True((await _host.Store.WriteAsync(SnapshotPaths.Latest(SourceNames.Conduit), content, StoreCondition.None, CancellationToken.None)).Written);
        }

        _host.Store.Reset();
        await PublishAsync(Ok(SourceNames.Conduit, Second, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "2"))]));

        Assert.Contains($"ReadAsync {SnapshotPaths.Latest(SourceNames.Conduit)}", _host.Store.Calls);
        Assert.DoesNotContain($"WriteAsync {SnapshotPaths.Latest(SourceNames.Conduit)}", _host.Store.Calls);
        Assert.Equal(later.Slot, await ReadLatestSlotAsync(SourceNames.Conduit));
    }

    private ISnapshotPublisher Publisher => _host.App.Services.GetRequiredService<ISnapshotPublisher>();

    private async Task PublishAsync(SnapshotDocument document)
    {
        // As the runner: store the document, then publish it (the stored bytes become the latest copy).
        await _host.StoreAsync(document, index: false);
        var stored = await _host.Store.ReadAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), CancellationToken.None);
        using var content = new MemoryStream(stored!.Content.ToArray(), writable: false);
        await Publisher.PublishAsync(document, content, CancellationToken.None);
    }

    private async Task<AggregateDocument> ReadAggregateAsync()
    {
        var stored = await _host.Store.Inner.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None);
        return JsonSerializer.Deserialize(stored!.Content.Span, AccountSnapshotsJsonContext.Default.AggregateDocument)!;
    }

    private async Task<DateTimeOffset?> ReadLatestSlotAsync(string source)
    {
        var stored = await _host.Store.Inner.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None);
        return SnapshotDocumentSerializer.ReadSlot(stored!.Content.Span);
    }
}
