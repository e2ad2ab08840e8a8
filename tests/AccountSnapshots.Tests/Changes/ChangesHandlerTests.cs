using System.Globalization;
using System.Net;
using System.Text.Json;
using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Changes;

/// <summary><c>GET /api/accounts/changes</c> through HTTP on the CLI-style composition over a folder store.</summary>
public sealed class ChangesHandlerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(T0.AddDays(2));

        // acct_1 moves, acct_2 disappears, acct_3 appears, acct_4 stays; 3Commas 31 moves by a long fraction.
        await _host.StoreAllAsync(
        [
            Ok(SourceNames.Conduit, T0, [
                ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "100.50"), ("EUR", null, "7")),
                ConduitAccount("acct_2", "client_2", "Beta", ("USDC", "ethereum", "40")),
                ConduitAccount("acct_4", "client_2", "Delta", ("USDC", "solana", "5"))]),
            Failed(SourceNames.Conduit, T0.AddHours(1)),
            Ok(SourceNames.Conduit, T0.AddHours(2), [
                ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "90.25"), ("EUR", null, "7.00")),
                ConduitAccount("acct_3", "client_1", "Gamma", ("USDC", "ethereum", "0.000000000000000001")),
                ConduitAccount("acct_4", "client_2", "Delta (renamed)", ("USDC", "solana", "5"))]),
            Failed(SourceNames.Conduit, T0.AddHours(3)),
            Ok(SourceNames.ThreeCommas, T0.AddMinutes(7), [ThreeCommasAccount("31", "Binance", "100", "0.001")]),
            Ok(SourceNames.ThreeCommas, T0.AddHours(2).AddMinutes(7), [ThreeCommasAccount("31", "Binance", "123456789012345678901234567890.123456789", "0.001")]),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Account_level_gives_moved_appeared_and_disappeared_series_sorted_by_size_within_each_asset()
    {
        var body = await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z&level=account");
        var rows = ChangesReference.Parse(body);

        Assert.Equal(
            [
                new ChangesReference.Row("threecommas", null, "31", "Binance", "USD", null, "100", "123456789012345678901234567890.123456789", "123456789012345678901234567790.123456789", "2026-11-20T10:07:00Z", "2026-11-20T12:07:00Z"),
                new ChangesReference.Row("conduit", "client_2", "acct_2", "Beta", "USDC", "ethereum", "40", null, "-40", "2026-11-20T10:00:00Z", null),
                new ChangesReference.Row("conduit", "client_1", "acct_1", "Alpha", "USDC", "ethereum", "100.5", "90.25", "-10.25", "2026-11-20T10:00:00Z", "2026-11-20T12:00:00Z"),
                new ChangesReference.Row("conduit", "client_1", "acct_3", "Gamma", "USDC", "ethereum", null, "0.000000000000000001", "0.000000000000000001", null, "2026-11-20T12:00:00Z"),
            ],
            rows);
        Assert.Contains("\"change\":\"-10.25\"", body, StringComparison.Ordinal);
        Assert.Contains("\"changeValue\":123456789012345678901234567790.123456789}", body, StringComparison.Ordinal);
        Assert.Equal(ChangesReference.Compute(_host.RawSnapshots, T0.AddMinutes(30), T0.AddHours(3.5), "account"), rows);
    }

    [Fact]
    public async Task Total_and_client_levels_sum_exactly()
    {
        var total = ChangesReference.Parse(await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z"));
        var client = ChangesReference.Parse(await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z&level=client&asset=usdc"));

        Assert.Equal(ChangesReference.Compute(_host.RawSnapshots, T0.AddMinutes(30), T0.AddHours(3.5), "total"), total);
        Assert.Contains(total, r => r is { Source: "conduit", Asset: "USDC", Network: "ethereum", Change: "-50.249999999999999999" });
        Assert.Equal(ChangesReference.Compute(_host.RawSnapshots, T0.AddMinutes(30), T0.AddHours(3.5), "client", assets: ["USDC"]), client);
        Assert.Equal(["client_2", "client_1"], client.Select(r => r.ClientId));
    }

    [Fact]
    public async Task MinChange_drops_smaller_moves_and_limit_caps_rows()
    {
        var big = ChangesReference.Parse(await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z&level=account&minChange=10.25"));
        var limited = ChangesReference.Parse(await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z&level=account&limit=2"));

        Assert.Equal(["31", "acct_2", "acct_1"], big.Select(r => r.AccountId));
        Assert.Equal(["31", "acct_2"], limited.Select(r => r.AccountId));
    }

    [Fact]
    public async Task A_moment_before_any_snapshot_makes_every_series_appear()
    {
        var rows = ChangesReference.Parse(await _host.GetOkAsync("/api/accounts/changes?from=2026-11-19T00:00:00Z&to=2026-11-20T10:01:00Z&source=conduit&level=account"));

        Assert.Equal([("EUR", "acct_1"), ("USDC", "acct_1"), ("USDC", "acct_2"), ("USDC", "acct_4")], rows.Select(r => (r.Asset, r.AccountId!)));
        Assert.All(rows, r => Assert.Null(r.FromAt));
    }

    [Fact]
    public async Task Csv_has_the_json_columns()
    {
        var csv = await _host.GetOkAsync("/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z&level=account&asset=EUR,USDC&source=conduit&format=csv&minChange=40");

        Assert.Equal(
            "source,clientId,accountId,name,asset,network,fromAmount,toAmount,change,fromSnapshotAt,toSnapshotAt,changeValue\r\n"
            + "conduit,client_2,acct_2,Beta,USDC,ethereum,40,,-40,2026-11-20T10:00:00Z,,-40\r\n",
            csv);
    }

    [Theory]
    [InlineData("minChange=-1", "'minChange'")]
    [InlineData("minChange=1e3", "'minChange'")]
    [InlineData("limit=0", "'limit'")]
    [InlineData("limit=ten", "'limit'")]
    [InlineData("step=1h", "'step'")]
    [InlineData("level=bucket", "'level'")]
    [InlineData("from=2026-11-20", "'from'")]
    [InlineData("source=binance", "'source'")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string query, string named)
    {
        using var response = await _host.GetAsync($"/api/accounts/changes?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_on_generated_runs_equal_an_independent_computation_from_the_raw_snapshots()
    {
        var start = new DateTimeOffset(2026, 10, 1, 22, 0, 0, TimeSpan.Zero);
        await using var host = await HistoryTestHost.StartAsync(start.AddDays(3));
        await host.StoreAllAsync(Generate(seed: 15, start, slots: 150, TimeSpan.FromMinutes(15)));
        var random = new Random(15);
        for (var i = 0; i < 12; i++)
        {
            var from = start.AddMinutes(random.Next(-60, 150 * 15));
            var to = from.AddMinutes(random.Next(1, 150 * 15));
            var level = new[] { "total", "client", "account" }[random.Next(3)];
            var url = string.Create(CultureInfo.InvariantCulture, $"/api/accounts/changes?from={from.ToUnixTimeSeconds()}&to={to.ToUnixTimeMilliseconds()}&level={level}");

            var rows = ChangesReference.Parse(await host.GetOkAsync(url));

            Assert.Equal(ChangesReference.Compute(host.RawSnapshots, from, to, level), rows);
        }
    }

    [Fact]
    public async Task A_strong_etag_answers_304_and_a_settled_range_may_be_cached_long()
    {
        const string Query = "/api/accounts/changes?from=2026-11-20T10:30:00Z&to=2026-11-20T13:30:00Z";
        using var first = await _host.GetAsync(Query);
        var eTag = first.Headers.ETag!;
        using var notModified = await _host.GetAsync(Query, r => r.Headers.IfNoneMatch.Add(eTag));
        using var current = await _host.GetAsync("/api/accounts/changes?from=2026-11-22T09:00:00Z&to=2026-11-22T10:00:00Z");

        Assert.False(eTag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(TimeSpan.FromDays(1), first.Headers.CacheControl!.MaxAge);
        Assert.True(current.Headers.CacheControl!.NoCache || current.Headers.CacheControl.MaxAge <= TimeSpan.FromMinutes(5));
    }
}
