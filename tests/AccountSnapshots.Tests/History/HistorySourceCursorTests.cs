using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// The one-pass reader: buckets that run past a day's end (taken over by a later day, or across days with no slot),
/// each index object read once per query, and rows of both sources interleaved by time.
/// </summary>
public sealed class HistorySourceCursorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero); // a Monday
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Now);

        // Conduit on Tuesday late, Thursday, and Sunday; 3Commas only on Tuesday: the days between have no slot.
        await _host.StoreAsync(Ok(SourceNames.Conduit, At(17, 23, 50), [ConduitAccount("acct_1", "client_1", "A", ("USDC", "ethereum", "1"))]));
        await _host.StoreAsync(Failed(SourceNames.Conduit, At(19, 7, 0)));
        await _host.StoreAsync(Ok(SourceNames.Conduit, At(19, 8, 0), [ConduitAccount("acct_1", "client_1", "A", ("USDC", "ethereum", "2"))]));
        await _host.StoreAsync(Ok(SourceNames.Conduit, At(22, 1, 0), [ConduitAccount("acct_1", "client_1", "A", ("USDC", "ethereum", "3")), ConduitAccount("acct_2", "client_2", "B", ("EUR", null, "4"))]));
        await _host.StoreAsync(Ok(SourceNames.ThreeCommas, At(17, 12, 0), [ThreeCommasAccount("31", "Binance main", "10", "0.1")]));
        await _host.StoreAsync(Ok(SourceNames.ThreeCommas, At(17, 23, 55), [ThreeCommasAccount("31", "Binance main", "11", "0.2")]));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("1w", "total")]
    [InlineData("1w", "account")]
    [InlineData("2d", "account")]
    [InlineData("5h", "total")]
    [InlineData("31d", "client")]
    [InlineData(null, "account")]
    public async Task Buckets_that_run_past_a_day_give_the_rows_the_reference_gives(string? step, string level)
    {
        var query = $"/api/accounts/history?from=2026-11-16T00:00:00Z&to=2026-11-24T00:00:00Z&level={level}" + (step is null ? "" : "&step=" + step);

        var rows = HistoryReference.Parse(await _host.GetOkAsync(query));

        Assert.NotEmpty(rows);
        Assert.Equal(HistoryReference.Compute(_host.RawSnapshots, new(From, From.AddDays(8), level, Step: step)), rows);
    }

    [Fact]
    public async Task A_week_bucket_keeps_the_last_slot_of_a_later_day_and_releases_a_source_whose_later_days_are_empty()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-16T00:00:00Z&to=2026-11-24T00:00:00Z&step=1w&level=account"));

        Assert.Equal(
            ["conduit acct_1 USDC 3 2026-11-22T01:00:00Z", "conduit acct_2 EUR 4 2026-11-22T01:00:00Z", "threecommas 31 BTC 0.2 2026-11-17T23:55:00Z", "threecommas 31 USD 11 2026-11-17T23:55:00Z"],
            rows.Select(r => $"{r.Source} {r.AccountId} {r.Asset} {r.Amount} {r.SnapshotAt}"));
        Assert.All(rows, r => Assert.Equal("2026-11-16T00:00:00Z", r.Time));
    }

    [Fact]
    public async Task A_query_reads_each_index_object_once()
    {
        await _host.GetOkAsync("/api/accounts/history?from=2026-11-16T00:00:00Z&to=2026-11-24T00:00:00Z&level=account&step=2d");
        _host.Store.Reset();

        await _host.GetOkAsync("/api/accounts/history?from=2026-11-16T00:00:00Z&to=2026-11-24T00:00:00Z&level=account&step=2d");

        var reads = _host.Store.Calls.Where(c => c.StartsWith("ReadAsync", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 8 * 2, reads.Count); // 2 sources x 8 days x (totals, accounts), existing or not
        Assert.Equal(reads.Count, reads.Distinct().Count());
        Assert.DoesNotContain(reads, r => r.Contains("snapshots/", StringComparison.Ordinal));
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);
}
