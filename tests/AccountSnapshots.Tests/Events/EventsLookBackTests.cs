using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Events;

/// <summary>
/// The events query's look-back for the state at <c>from</c> when <c>from</c> is before a source's first snapshot (or
/// the source never ran): it stops at the source's earliest indexed day instead of reading two objects per day for
/// <see cref="AccountSnapshots.Events.EventsService.LookDays"/> days per source. Counted at the store.
/// </summary>
public sealed class EventsLookBackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_from_before_any_snapshot_costs_a_handful_of_store_calls()
    {
        await using var host = await HistoryTestHost.StartAsync(T0.AddMinutes(40));
        await host.StoreAllAsync(
        [
            Ok(SourceNames.Conduit, T0, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]),
            Failed(SourceNames.Conduit, T0.AddMinutes(15)),
            Ok(SourceNames.Conduit, T0.AddMinutes(30), [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]),
        ]);
        host.Store.Reset();

        // From the day before Conduit's first snapshot; 3Commas has none at all.
        var rows = EventRows.Parse(await host.GetOkAsync("/api/events?from=2026-11-19T12:00:00Z&to=2026-11-20T11:00:00Z"));

        var calls = host.Store.Calls;
        Assert.Equal([("snapshotFailed", "conduit", "2026-11-20T10:15:00Z")], rows.Select(r => (r.Kind, r.Source, r.Time)));
        Assert.True(calls.Count <= 20, $"{calls.Count} store calls:\n{string.Join('\n', calls.Take(40))}");
        // The earliest indexed day is found once per source and query, from one listing.
        Assert.Equal(1, calls.Count(c => c == "ListAsync history/threecommas/"));
        Assert.Equal(1, calls.Count(c => c == "ListAsync history/conduit/"));
    }
}
