using System.Text.Json;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// <c>GET /api/accounts/latest?at=</c> for a source with nothing at or before the moment (one whose first snapshot is
/// later, one that never ran): the look-back stops at the source's earliest indexed day instead of reading two objects
/// per day of <c>Api:MaxHistoryDays</c> (400 days: about 800 store calls per source). Counted at the store.
/// </summary>
public sealed class LatestAtLookBackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_source_with_no_snapshot_at_or_before_the_moment_costs_a_handful_of_store_calls()
    {
        await using var host = await HistoryTestHost.StartAsync(T0.AddDays(1));
        await host.StoreAllAsync(
        [
            Ok(SourceNames.Conduit, T0, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]),
            Ok(SourceNames.Conduit, T0.AddHours(2), [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "3"))]),
        ]);

        // Conduit is served from its 12:00 snapshot; 3Commas has never run.
        host.Store.Reset();
        var served = await host.GetOkAsync("/api/accounts/latest?at=2026-11-20T13:00:00Z");
        var servedCalls = host.Store.Calls;

        // Ten days before Conduit's first snapshot: nothing for either source.
        host.Store.Reset();
        var before = await host.GetOkAsync("/api/accounts/latest?at=2026-11-10T12:00:00Z");
        var beforeCalls = host.Store.Calls;

        Assert.Equal([("conduit", "USDC", "3")], Totals(served));
        Assert.Empty(Totals(before));
        Assert.True(servedCalls.Count <= 20, $"{servedCalls.Count} store calls:\n{string.Join('\n', servedCalls.Take(40))}");
        Assert.True(beforeCalls.Count <= 20, $"{beforeCalls.Count} store calls:\n{string.Join('\n', beforeCalls.Take(40))}");
        // The earliest indexed day is found once per source and query, from one listing.
        Assert.Equal(1, servedCalls.Count(c => c == "ListAsync history/threecommas/"));
        Assert.Equal(1, beforeCalls.Count(c => c == "ListAsync history/conduit/"));
    }

    [Fact]
    public async Task The_response_inside_the_indexed_range_is_the_same_as_an_unbounded_walk_gives()
    {
        // Conduit's last good snapshot is three days before the moment: the walk must still reach it.
        await using var host = await HistoryTestHost.StartAsync(T0.AddDays(4));
        await host.StoreAllAsync(
        [
            Ok(SourceNames.Conduit, T0, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"))]),
            Ok(SourceNames.Conduit, T0.AddDays(1), [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "2.50"))]),
            Failed(SourceNames.Conduit, T0.AddDays(1).AddMinutes(15)),
        ]);

        var body = await host.GetOkAsync("/api/accounts/latest?at=2026-11-24T09:00:00Z");

        Assert.Equal([("conduit", "USDC", "2.50")], Totals(body));
        // The failed attempt after it is found on the same walk: the status as it stood then is not ok.
        using var json = JsonDocument.Parse(body);
        var conduit = json.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "conduit");
        Assert.NotEqual("ok", conduit.GetProperty("status").GetString());
    }

    private static List<(string Source, string Asset, string Amount)> Totals(string aggregate)
    {
        using var json = JsonDocument.Parse(aggregate);
        return [.. json.RootElement.GetProperty("totals").EnumerateArray().Select(t => (
            t.GetProperty("source").GetString()!,
            t.GetProperty("asset").GetString()!,
            t.GetProperty("amount").GetString()!))];
    }
}
