using System.Text.Json;
using AccountSnapshots.History;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.Storage;

/// <summary>The history index on every store: the same names, and conditional writes that lose and duplicate nothing.</summary>
public abstract partial class SnapshotStoreContractTests
{
    private static readonly DateTimeOffset HistoryDay = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_history_index_has_one_totals_and_one_accounts_object_per_source_and_day()
    {
        var index = NewHistoryIndex();
        foreach (var document in HistoryRuns.Generate(1, HistoryDay.AddHours(22), 12, TimeSpan.FromMinutes(15)))
        {
            await index.AddAsync(document, CancellationToken.None);
        }

        var listed = await ToListAsync(Store.ListAsync(HistoryPaths.Root, CancellationToken.None));

        Assert.Equal(
            [
                "history/conduit/2026/11/20/accounts.json", "history/conduit/2026/11/20/totals.json",
                "history/conduit/2026/11/21/accounts.json", "history/conduit/2026/11/21/totals.json",
                "history/threecommas/2026/11/20/accounts.json", "history/threecommas/2026/11/20/totals.json",
                "history/threecommas/2026/11/21/accounts.json", "history/threecommas/2026/11/21/totals.json",
            ],
            listed);
    }

    [Fact]
    public async Task History_index_writers_running_together_lose_and_duplicate_no_slot()
    {
        // Every slot of both sources added three times at once, in shuffled order, beside two reindexes.
        var documents = HistoryRuns.Generate(7, HistoryDay.AddHours(1), 16, TimeSpan.FromMinutes(15));
        foreach (var document in documents)
        {
            await using var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None);
            await Store.WriteAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), content, StoreCondition.IfAbsent, CancellationToken.None);
        }

        var shuffled = documents.Concat(documents).Concat(documents).OrderBy(d => d.Slot.Ticks * 7919 % 104729).ToList();
        var writers = shuffled.Select(d => Task.Run(() => NewHistoryIndex().AddAsync(d, CancellationToken.None)))
            .Append(Task.Run(() => NewHistoryIndex().ReindexAsync(null, null, CancellationToken.None)))
            .Append(Task.Run(() => NewHistoryIndex().ReindexAsync(DateOnly.FromDateTime(HistoryDay.UtcDateTime), null, CancellationToken.None)));

        await Task.WhenAll(writers);

        foreach (var source in SourceNames.All)
        {
            var expected = documents.Where(d => d.Source == source).OrderBy(d => d.Slot).ToList();
            var day = DateOnly.FromDateTime(HistoryDay.UtcDateTime);
            var totals = JsonSerializer.Deserialize((await Store.ReadAsync(HistoryPaths.Totals(source, day), CancellationToken.None))!.Content.Span, AccountSnapshotsJsonContext.Default.HistoryTotalsDay)!;
            var accounts = JsonSerializer.Deserialize((await Store.ReadAsync(HistoryPaths.Accounts(source, day), CancellationToken.None))!.Content.Span, AccountSnapshotsJsonContext.Default.HistoryAccountsDay)!;

            Assert.Equal(expected.Select(d => (d.Slot, d.Status == "ok")), totals.Slots.Select(s => (s.At, s.Ok)));
            Assert.Equal(expected.Select(d => (d.Slot, d.Status == "ok")), accounts.Slots.Select(s => (s.At, s.Ok)));
            var ok = expected.Where(d => d.Status == "ok").ToList();
            Assert.Equal(ok.Select(d => d.Totals.Select(t => (t.Asset, t.Network, t.Amount))), totals.Slots.Where(s => s.Ok).Select(s => s.Totals!.Select(t => (t.Asset, t.Network, t.Amount))));
            var decoded = HistoryDayCodec.Decode(accounts).Select(p => p.State.ToDictionary(e => accounts.Series[e.Key], e => e.Value)).ToList();
            Assert.Equal(ok.Count, decoded.Count);
            for (var i = 0; i < ok.Count; i++)
            {
                Assert.Equal(HistoryEntries.StateOf(ok[i]).OrderBy(p => p.Key.ToString()), decoded[i].OrderBy(p => p.Key.ToString()));
            }
        }
    }

    [Fact]
    public async Task An_unreadable_history_day_is_rebuilt_from_the_snapshots_on_read()
    {
        var documents = HistoryRuns.Generate(3, HistoryDay.AddHours(2), 6, TimeSpan.FromMinutes(15));
        var index = NewHistoryIndex();
        foreach (var document in documents)
        {
            await using var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None);
            await Store.WriteAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), content, StoreCondition.IfAbsent, CancellationToken.None);
            await index.AddAsync(document, CancellationToken.None);
        }

        var day = DateOnly.FromDateTime(HistoryDay.UtcDateTime);
        var intact = await index.ReadDayAsync(SourceNames.Conduit, day, accounts: true, CancellationToken.None);
        await Store.WriteAsync(HistoryPaths.Accounts(SourceNames.Conduit, day), Content("{not json"), StoreCondition.None, CancellationToken.None);
        await Store.WriteAsync(HistoryPaths.Totals(SourceNames.Conduit, day), Content("[]"), StoreCondition.None, CancellationToken.None);

        var rebuilt = await index.ReadDayAsync(SourceNames.Conduit, day, accounts: true, CancellationToken.None);
        var reread = await index.ReadDayAsync(SourceNames.Conduit, day, accounts: true, CancellationToken.None);

        Assert.Equal(intact.Totals.Slots.Select(s => s.At), rebuilt.Totals.Slots.Select(s => s.At));
        Assert.Equal(
            HistoryDayCodec.Decode(intact.Accounts!).Select(p => p.State.Count),
            HistoryDayCodec.Decode(rebuilt.Accounts!).Select(p => p.State.Count));
        Assert.Equal(intact.Totals.Slots.Count, reread.Totals.Slots.Count);
    }

    private HistoryIndex NewHistoryIndex() => new(Store, new FakeTimeProvider(HistoryDay), NullLogger<HistoryIndex>.Instance);
}
