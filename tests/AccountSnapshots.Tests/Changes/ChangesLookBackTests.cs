using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Changes;

/// <summary>
/// The changes query's look-back for a moment before a source's first snapshot: it stops at the source's earliest
/// indexed day instead of reading two objects per day of <c>Api:MaxHistoryDays</c> (400 days: about 1,600 store calls
/// for two sources and two moments). Counted at the store.
/// </summary>
public sealed class ChangesLookBackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_source_with_no_snapshot_before_the_moments_costs_a_handful_of_store_calls()
    {
        await using var host = await HistoryTestHost.StartAsync(T0.AddDays(1));
        await host.StoreAllAsync(
        [
            Ok(SourceNames.Conduit, T0, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]),
            Ok(SourceNames.Conduit, T0.AddHours(2), [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "3"))]),
        ]);
        host.Store.Reset();

        // From before any snapshot (Conduit walks back from the 18th), 3Commas has none at all.
        var rows = ChangesReference.Parse(await host.GetOkAsync("/api/accounts/changes?from=2026-11-18T12:00:00Z&to=2026-11-20T13:00:00Z"));

        var calls = host.Store.Calls;
        Assert.Equal([("conduit", "USDC", null, "3")], rows.Select(r => (r.Source, r.Asset, r.From, r.To)));
        Assert.True(calls.Count <= 20, $"{calls.Count} store calls:\n{string.Join('\n', calls.Take(40))}");
        // The earliest indexed day is found once per source and query, from one listing.
        Assert.Equal(1, calls.Count(c => c == "ListAsync history/threecommas/"));
        Assert.Equal(1, calls.Count(c => c == "ListAsync history/conduit/"));
    }
}
