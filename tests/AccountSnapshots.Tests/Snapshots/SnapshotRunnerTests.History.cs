using System.Text.Json;
using AccountSnapshots.History;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>The runner and the history index: a snapshot folded as an orphan is indexed too.</summary>
public sealed partial class SnapshotRunnerTests
{
    [Fact]
    public async Task A_stored_snapshot_missing_from_the_history_index_is_indexed_by_the_next_run_of_its_slot()
    {
        await using var host = await PipelineHost.StartAsync();
        var slot = SnapshotSlot.Scheduled(s_slot);
        await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        // As if the run had been stopped after the aggregate update and before the index write: the aggregate has the
        // slot (nothing to fold), the index has nothing.
        Directory.Delete(Path.Combine(StoreDirectory(host), "history"), recursive: true);
        var again = await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.AlreadyTaken, again.Status);
        var day = HistoryPaths.DayOf(s_slot);
        var totals = await host.Store.ReadAsync(HistoryPaths.Totals(SourceNames.Conduit, day), CancellationToken.None);
        Assert.NotNull(totals);
        Assert.Equal([s_slot], JsonSerializer.Deserialize(totals.Content.Span, AccountSnapshotsJsonContext.Default.HistoryTotalsDay)!.Slots.Select(s => s.At));
        var accounts = await host.Store.ReadAsync(HistoryPaths.Accounts(SourceNames.Conduit, day), CancellationToken.None);
        var accountsDay = JsonSerializer.Deserialize(accounts!.Content.Span, AccountSnapshotsJsonContext.Default.HistoryAccountsDay)!;
        Assert.Equal([s_slot], accountsDay.Slots.Select(s => s.At));
        Assert.NotEmpty(accountsDay.Series);
    }
}
