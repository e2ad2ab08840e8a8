using System.Text.Json.Nodes;
using AccountSnapshots.History;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// How a query reads one index day: a settled day is listed until a listing verifies it, then read directly; any
/// later change to the day drops the mark, and a verified day's accounts index is still checked against its totals.
/// </summary>
public sealed class HistoryIndexTests : IAsyncLifetime
{
    private const string Range = "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 20);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Now);
        await AccountsHistoryHandlerTests.StoreScenarioAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_settled_day_is_marked_verified_by_the_first_query_that_lists_it()
    {
        Assert.Null(await VerifiedAtAsync(_host, SourceNames.Conduit, Day));

        await _host.GetOkAsync($"/api/accounts/history?{Range}");

        Assert.Equal(Now, await VerifiedAtAsync(_host, SourceNames.Conduit, Day));
        Assert.Equal(Now, await VerifiedAtAsync(_host, SourceNames.ThreeCommas, Day));
    }

    [Fact]
    public async Task A_day_that_has_not_settled_is_never_marked_and_is_listed_by_every_query()
    {
        // 59 minutes after the day ended: a run of its last slot may still be storing its document.
        await using var host = await HistoryTestHost.StartAsync(new DateTimeOffset(2026, 11, 21, 0, 59, 0, TimeSpan.Zero));
        await AccountsHistoryHandlerTests.StoreScenarioAsync(host);
        await host.GetOkAsync($"/api/accounts/history?{Range}");
        host.Store.Reset();

        await host.GetOkAsync($"/api/accounts/history?{Range}");

        Assert.Null(await VerifiedAtAsync(host, SourceNames.Conduit, Day));
        Assert.Contains("ListAsync snapshots/conduit/2026/11/20/", host.Store.Calls);
        Assert.DoesNotContain(host.Store.Calls, c => c.StartsWith("WriteAsync", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_a_slot_to_a_verified_day_drops_the_mark_and_the_slot_is_served()
    {
        await _host.GetOkAsync($"/api/accounts/history?{Range}");

        await _host.StoreAsync(Ok(SourceNames.Conduit, new DateTimeOffset(2026, 11, 20, 23, 0, 0, TimeSpan.Zero), AccountsHistoryHandlerTests.ConduitAccounts("77")));
        var dropped = await VerifiedAtAsync(_host, SourceNames.Conduit, Day);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var rows = HistoryReference.Parse(await _host.GetOkAsync($"/api/accounts/history?{Range}&level=account"));

        Assert.Null(dropped);
        Assert.Contains(rows, r => r.SnapshotAt == "2026-11-20T23:00:00Z" && r.AccountId == "acct_1" && r.Amount == "77");
        Assert.Equal(Now.AddMinutes(1), await VerifiedAtAsync(_host, SourceNames.Conduit, Day)); // Listed again by that query, and marked again.
        Assert.Equal(Now, await VerifiedAtAsync(_host, SourceNames.ThreeCommas, Day)); // The other source's day was not touched.
    }

    [Fact]
    public async Task A_snapshot_stored_late_without_its_index_write_is_missed_by_a_verified_day_until_reindex()
    {
        // The cost of not listing: documented in the README (run reindex after a store outage).
        await _host.GetOkAsync($"/api/accounts/history?{Range}");
        await _host.StoreAsync(Ok(SourceNames.Conduit, new DateTimeOffset(2026, 11, 20, 23, 0, 0, TimeSpan.Zero), AccountsHistoryHandlerTests.ConduitAccounts("77")), index: false);

        var before = await _host.GetOkAsync($"/api/accounts/history?{Range}&level=account");
        await _host.Index.ReindexAsync(Day, Day, CancellationToken.None);
        var after = await _host.GetOkAsync($"/api/accounts/history?{Range}&level=account");

        Assert.DoesNotContain("2026-11-20T23:00:00Z", before, StringComparison.Ordinal);
        Assert.Contains("2026-11-20T23:00:00Z", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_day_whose_accounts_index_lacks_a_slot_is_completed_from_the_snapshot_without_a_listing()
    {
        const string Query = $"/api/accounts/history?{Range}&level=account";
        var before = await _host.GetOkAsync(Query);
        File.Delete(Path.Combine(_host.Directory, "history", "conduit", "2026", "11", "20", "accounts.json"));
        _host.Store.Reset();

        var after = await _host.GetOkAsync(Query);

        Assert.Equal(before, after);
        Assert.Contains("ReadAsync snapshots/conduit/2026/11/20/20261120T104500Z.json", _host.Store.Calls);
        Assert.DoesNotContain(_host.Store.Calls, c => c.StartsWith("ListAsync", StringComparison.Ordinal));
    }

    private static async Task<DateTimeOffset?> VerifiedAtAsync(HistoryTestHost host, string source, DateOnly day)
    {
        var stored = await host.Store.Inner.ReadAsync(HistoryPaths.Totals(source, day), CancellationToken.None);
        var value = JsonNode.Parse(stored!.Content.ToArray())!["verifiedAt"];
        return value is null ? null : DateTimeOffset.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
