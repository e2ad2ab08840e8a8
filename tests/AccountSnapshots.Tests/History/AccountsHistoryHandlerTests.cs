using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.History;

/// <summary><c>GET /api/accounts/history</c> and <c>latest?at=</c> through HTTP on the CLI-style composition.</summary>
public sealed class AccountsHistoryHandlerTests : IAsyncLifetime
{
    private const string Name1 = "Alpha, \"Ltd\"";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1000 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Now);
        await StoreScenarioAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// Conduit: 10:00, 10:15, 10:30 (failed), 10:45 on 2026-11-20 and 00:15 the next day; 3Commas: 10:07 and 10:37.
    /// </summary>
    internal static async Task StoreScenarioAsync(HistoryTestHost host, bool index = true)
    {
        foreach (var document in Scenario())
        {
            await host.StoreAsync(document, index);
        }
    }

    internal static IEnumerable<SnapshotDocument> Scenario()
    {
        yield return Ok(SourceNames.Conduit, T1000, ConduitAccounts("10.50"));
        yield return Ok(SourceNames.Conduit, T1000.AddMinutes(15), ConduitAccounts("10.50"));
        yield return Failed(SourceNames.Conduit, T1000.AddMinutes(30));
        yield return Ok(SourceNames.Conduit, T1000.AddMinutes(45), ConduitAccounts("11.25"));
        yield return Ok(SourceNames.Conduit, T1000.AddHours(14).AddMinutes(15), ConduitAccounts("12"));
        yield return Ok(SourceNames.ThreeCommas, T1000.AddMinutes(7), [ThreeCommasAccount("31", "Binance main", "100.10", "0.001")]);
        yield return Ok(SourceNames.ThreeCommas, T1000.AddMinutes(37), [ThreeCommasAccount("31", "Binance main", "-0.5", null)]);
    }

    [Fact]
    public async Task Without_parameters_it_answers_the_last_seven_days_per_source_and_asset_as_a_root_array()
    {
        using var response = await _host.GetAsync("/api/accounts/history");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var rows = HistoryReference.Parse(body);
        Assert.Equal(HistoryReference.Compute(_host.RawSnapshots, new(Now.AddDays(-7), Now)), rows);
        Assert.Equal(
            new HistoryReference.Row("2026-11-20T10:00:00Z", "conduit", null, null, null, "EUR", null, "7", "7", "2026-11-20T10:00:00Z"),
            rows[0]);
        Assert.Contains(new HistoryReference.Row("2026-11-20T10:00:00Z", "conduit", null, null, null, "USDC", "ethereum", "12.00", "12.00", "2026-11-20T10:00:00Z"), rows);
        Assert.Contains(new HistoryReference.Row("2026-11-20T10:37:00Z", "threecommas", null, null, null, "USD", null, "-0.5", "-0.5", "2026-11-20T10:37:00Z"), rows);
        Assert.Contains("\"value\":12.00,", body, StringComparison.Ordinal);
        Assert.Equal(rows.OrderBy(r => r.Time, StringComparer.Ordinal).ToList(), rows);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00Z", "2026-11-20T10:40:00Z")]
    [InlineData("2026-11-20T11:00:00%2B01:00", "2026-11-20T05:40:00-05:00")]
    [InlineData("1795168800", "1795171200")]
    [InlineData("1795168800000", "1795171200000")]
    public async Task Every_time_form_selects_the_same_half_open_range(string from, string to)
    {
        var body = await _host.GetOkAsync($"/api/accounts/history?from={from}&to={to}&level=account");

        var rows = HistoryReference.Parse(body);
        Assert.Equal(["2026-11-20T10:00:00Z", "2026-11-20T10:07:00Z", "2026-11-20T10:15:00Z", "2026-11-20T10:37:00Z"], rows.Select(r => r.Time).Distinct());
        Assert.Equal(HistoryReference.Compute(_host.RawSnapshots, new(T1000, T1000.AddMinutes(40), "account")), rows);
    }

    [Fact]
    public async Task The_range_end_is_exclusive_and_the_start_inclusive()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T10:15:00Z&source=conduit"));

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("2026-11-20T10:00:00Z", r.Time));
    }

    [Fact]
    public async Task A_failed_slot_in_the_middle_adds_no_row_and_nothing_is_carried_forward()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z&source=conduit&level=account"));

        Assert.Equal(["2026-11-20T10:00:00Z", "2026-11-20T10:15:00Z", "2026-11-20T10:45:00Z"], rows.Select(r => r.Time).Distinct());
        Assert.DoesNotContain(rows, r => r.SnapshotAt == "2026-11-20T10:30:00Z");
    }

    [Fact]
    public async Task The_client_level_sums_per_client_and_leaves_3commas_out()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T10:01:00Z&level=client"));

        Assert.Equal(
            [
                new("2026-11-20T10:00:00Z", "conduit", "client_1", null, null, "USD", null, "5", "5", "2026-11-20T10:00:00Z"),
                new("2026-11-20T10:00:00Z", "conduit", "client_1", null, null, "USDC", "ethereum", "12.00", "12.00", "2026-11-20T10:00:00Z"),
                new HistoryReference.Row("2026-11-20T10:00:00Z", "conduit", "client_2", null, null, "EUR", null, "7", "7", "2026-11-20T10:00:00Z"),
            ],
            rows);
    }

    [Fact]
    public async Task The_account_level_gives_each_balance_and_the_3commas_usd_and_btc_valuations()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T10:10:00Z&level=account"));

        Assert.Contains(new HistoryReference.Row("2026-11-20T10:00:00Z", "conduit", "client_1", "acct_1", Name1, "USDC", "ethereum", "10.50", "10.50", "2026-11-20T10:00:00Z"), rows);
        Assert.Contains(new HistoryReference.Row("2026-11-20T10:07:00Z", "threecommas", null, "31", "Binance main", "USD", null, "100.10", "100.10", "2026-11-20T10:07:00Z"), rows);
        Assert.Contains(new HistoryReference.Row("2026-11-20T10:07:00Z", "threecommas", null, "31", "Binance main", "BTC", null, "0.001", "0.001", "2026-11-20T10:07:00Z"), rows);
        Assert.Equal(6, rows.Count);
    }

    [Theory]
    [InlineData("source=threecommas", "threecommas", null, null, null)]
    [InlineData("asset=usdc,EUR", null, new[] { "USDC", "EUR" }, null, null)]
    [InlineData("asset=usdc&asset=EUR", null, new[] { "USDC", "EUR" }, null, null)]
    [InlineData("clientId=client_2", null, null, new[] { "client_2" }, null)]
    [InlineData("accountId=31&accountId=acct_2", null, null, null, new[] { "31", "acct_2" })]
    [InlineData("source=conduit,threecommas&accountId=acct_1,acct_3", null, null, null, new[] { "acct_1", "acct_3" })]
    public async Task Filters_repeat_or_take_commas_at_every_level(string filter, string? source, string[]? assets, string[]? clients, string[]? accounts)
    {
        foreach (var level in new[] { "total", "client", "account" })
        {
            var rows = HistoryReference.Parse(await _host.GetOkAsync($"/api/accounts/history?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z&level={level}&{filter}"));

            var expected = HistoryReference.Compute(_host.RawSnapshots, new(T1000.AddHours(-10), T1000.AddHours(38), level, source is null ? null : [source], assets, clients, accounts));
            Assert.Equal(expected, rows);
            if (!(level == "client" && source == "threecommas"))
            {
                Assert.NotEmpty(rows);
            }
        }
    }

    [Fact]
    public async Task A_step_keeps_the_last_successful_snapshot_of_each_bucket_at_the_bucket_start()
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z&level=account&step=1h"));

        Assert.All(rows, r => Assert.Equal("2026-11-20T10:00:00Z", r.Time));
        Assert.Equal(["2026-11-20T10:37:00Z", "2026-11-20T10:45:00Z"], rows.Select(r => r.SnapshotAt).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r.AccountId == "acct_1" && r.Asset == "USDC" && r.Amount == "11.25");
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("1h")]
    [InlineData("1d")]
    [InlineData("2d")]
    [InlineData("1w")]
    public async Task Each_step_unit_buckets_as_the_reference_does(string step)
    {
        var rows = HistoryReference.Parse(await _host.GetOkAsync($"/api/accounts/history?from=2026-11-14T00:00:00Z&to=2026-11-21T12:00:00Z&step={step}"));

        Assert.Equal(HistoryReference.Compute(_host.RawSnapshots, new(new DateTimeOffset(2026, 11, 14, 0, 0, 0, TimeSpan.Zero), Now, Step: step)), rows);
    }

    [Fact]
    public async Task Csv_has_the_same_columns_and_rows_by_format_or_accept_header()
    {
        const string Query = "/api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T10:01:00Z&level=account&source=conduit";
        var byFormat = await _host.GetOkAsync(Query + "&format=csv");
        using var byAccept = await _host.GetAsync(Query, r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv")));

        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType!.MediaType);
        Assert.Equal(byFormat, await byAccept.Content.ReadAsStringAsync());
        var lines = byFormat.Split("\r\n");
        Assert.Equal("time,source,clientId,accountId,name,asset,network,amount,value,snapshotAt", lines[0]);
        Assert.Equal("2026-11-20T10:00:00Z,conduit,client_1,acct_1,\"Alpha, \"\"Ltd\"\"\",USD,,5,5,2026-11-20T10:00:00Z", lines[1]);
        Assert.Equal("2026-11-20T10:00:00Z,conduit,client_1,acct_1,\"Alpha, \"\"Ltd\"\"\",USDC,ethereum,10.50,10.50,2026-11-20T10:00:00Z", lines[2]);
        Assert.Equal(6, lines.Length); // header, 4 rows, and the empty string after the last CRLF
    }

    [Fact]
    public async Task An_empty_range_is_an_empty_array_and_a_csv_header()
    {
        const string Query = "/api/accounts/history?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";

        Assert.Equal("[]", await _host.GetOkAsync(Query));
        Assert.Equal("time,source,clientId,accountId,name,asset,network,amount,value,snapshotAt\r\n", await _host.GetOkAsync(Query + "&format=csv"));
    }

    [Fact]
    public async Task A_strong_etag_answers_304_and_changes_with_the_snapshots_and_the_format()
    {
        const string Query = "/api/accounts/history?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z";
        using var first = await _host.GetAsync(Query);
        var eTag = first.Headers.ETag!;
        using var csv = await _host.GetAsync(Query + "&format=csv");
        using var notModified = await _host.GetAsync(Query, r => r.Headers.IfNoneMatch.Add(eTag));

        Assert.False(eTag.IsWeak);
        Assert.NotEqual(eTag, csv.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await _host.StoreAsync(Ok(SourceNames.ThreeCommas, T1000.AddHours(3), [ThreeCommasAccount("31", "Binance main", "1", "2")]));
        using var changed = await _host.GetAsync(Query, r => r.Headers.IfNoneMatch.Add(eTag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(eTag, changed.Headers.ETag);
    }

    [Fact]
    public async Task A_range_that_ended_over_an_hour_ago_may_be_cached_long_and_a_current_one_not()
    {
        using var past = await _host.GetAsync("/api/accounts/history?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z");
        using var current = await _host.GetAsync("/api/accounts/history");

        Assert.Equal(TimeSpan.FromDays(1), past.Headers.CacheControl!.MaxAge);
        // A current range follows latest's policy: revalidate (no-cache, the default) or a max-age of minutes at most.
        Assert.True(current.Headers.CacheControl!.NoCache || current.Headers.CacheControl.MaxAge <= TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        using var head = await _host.GetAsync("/api/accounts/history", r => r.Method = HttpMethod.Head);
        using var get = await _host.GetAsync("/api/accounts/history");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("from=yesterday", "'from'")]
    [InlineData("from=2026-11-20T10:00:00", "'from'")]
    [InlineData("to=2026-11-20", "'to'")]
    [InlineData("from=2026-11-20T10:00:00Z&to=2026-11-20T10:00:00Z", "'from' must be before 'to'")]
    [InlineData("level=bank", "'level'")]
    [InlineData("step=60m", "'step'")]
    [InlineData("step=2w", "'step'")]
    [InlineData("source=binance", "'source'")]
    [InlineData("asset=US%20D", "'asset'")]
    [InlineData("clientId=", "'clientId'")]
    [InlineData("accountId=a,,b", "'accountId'")]
    [InlineData("format=xml", "'format'")]
    [InlineData("level=total&level=account", "'level'")]
    [InlineData("from=2025-01-01T00:00:00Z", "Api:MaxHistoryDays")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string query, string named)
    {
        using var response = await _host.GetAsync("/api/accounts/history?" + query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(named, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_rows_is_a_400_naming_the_setting_and_suggesting_a_step_or_filters()
    {
        await using var host = await HistoryTestHost.StartAsync(Now, new Dictionary<string, string?> { ["Api:MaxHistoryRows"] = "5" });
        await StoreScenarioAsync(host);

        using var response = await host.GetAsync("/api/accounts/history?level=account");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        var within = await host.GetOkAsync("/api/accounts/history?level=account&step=1d&source=threecommas");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Api:MaxHistoryRows (5)", detail, StringComparison.Ordinal);
        Assert.Contains("step", detail, StringComparison.Ordinal);
        Assert.Contains("filters", detail, StringComparison.Ordinal);
        // The last 3Commas snapshot of the day (10:37) has a USD valuation only.
        var row = Assert.Single(HistoryReference.Parse(within));
        Assert.Equal(("2026-11-20T00:00:00Z", "-0.5", "2026-11-20T10:37:00Z"), (row.Time, row.Amount, row.SnapshotAt));
    }

    [Fact]
    public async Task A_range_longer_than_the_configured_days_is_a_400_naming_the_setting()
    {
        await using var host = await HistoryTestHost.StartAsync(Now, new Dictionary<string, string?> { ["Api:MaxHistoryDays"] = "1" });

        using var tooLong = await host.GetAsync("/api/accounts/history?from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:01Z");
        using var oneDay = await host.GetAsync("/api/accounts/history?from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Api:MaxHistoryDays (1 days)", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, oneDay.StatusCode);
    }

    [Fact]
    public async Task The_key_rules_are_those_of_latest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/history");
        using var withoutKey = await _host.Client.SendAsync(request);
        using var byQuery = await _host.Client.GetAsync($"/api/accounts/history?code={AccountSnapshots.Tests.Api.ApiTestHost.Key}");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task A_total_query_reads_each_totals_index_day_once_and_lists_a_settled_day_only_until_it_is_verified()
    {
        const string Query = "/api/accounts/history?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z";
        _host.Store.Reset();
        var first = await _host.GetOkAsync(Query);
        var firstCalls = _host.Store.Calls;
        _host.Store.Reset();

        var second = await _host.GetOkAsync(Query);

        var calls = _host.Store.Calls;
        var reads = calls.Where(c => c.StartsWith("ReadAsync", StringComparison.Ordinal)).ToList();
        Assert.Equal(first, second);
        Assert.All(reads, r => Assert.EndsWith("/totals.json", r, StringComparison.Ordinal));
        // One object per source per day, read once (3Commas has no slot on the 21st: its read finds nothing).
        Assert.Equal(4, reads.Count);
        Assert.Equal(4, reads.Distinct().Count());
        // The 20th had settled (now is the 21st, 12:00): the first query listed it and marked it verified, so the
        // second reads it directly; the 21st has not settled and is listed every time.
        Assert.Contains("ListAsync snapshots/conduit/2026/11/20/", firstCalls);
        Assert.Equal(2, firstCalls.Count(c => c.StartsWith("WriteAsync history/", StringComparison.Ordinal) && c.EndsWith("/2026/11/20/totals.json", StringComparison.Ordinal)));
        Assert.Equal(
            ["ListAsync snapshots/conduit/2026/11/21/", "ListAsync snapshots/threecommas/2026/11/21/"],
            calls.Where(c => c.StartsWith("ListAsync", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(calls, c => c.StartsWith("WriteAsync", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_index_day_is_rebuilt_from_the_snapshots_not_answered_empty()
    {
        const string Query = "/api/accounts/history?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z&level=account";
        var before = await _host.GetOkAsync(Query);
        Directory.Delete(Path.Combine(_host.Directory, "history", "conduit", "2026", "11", "20"), recursive: true);
        _host.Store.Reset();

        var after = await _host.GetOkAsync(Query);

        Assert.Equal(before, after);
        Assert.Contains(_host.Store.Calls, c => c == "ReadAsync snapshots/conduit/2026/11/20/20261120T104500Z.json");
        Assert.True(File.Exists(Path.Combine(_host.Directory, "history", "conduit", "2026", "11", "20", "accounts.json")));
        Assert.True(File.Exists(Path.Combine(_host.Directory, "history", "conduit", "2026", "11", "20", "totals.json")));
    }

    [Fact]
    public async Task A_snapshot_the_index_missed_is_read_from_the_snapshots()
    {
        var late = Ok(SourceNames.Conduit, T1000.AddHours(2), ConduitAccounts("99"));
        await _host.StoreAsync(late, index: false);

        var rows = HistoryReference.Parse(await _host.GetOkAsync("/api/accounts/history?from=2026-11-20T11:00:00Z&to=2026-11-20T13:00:00Z&level=account"));

        Assert.Contains(rows, r => r.SnapshotAt == "2026-11-20T12:00:00Z" && r.AccountId == "acct_1" && r.Asset == "USDC" && r.Amount == "99");
    }

    [Fact]
    public async Task Latest_at_a_moment_gives_each_source_as_it_stood_with_as_of()
    {
        using var json = JsonDocument.Parse(await _host.GetOkAsync("/api/accounts/latest?at=2026-11-20T10:40:00Z"));
        var root = json.RootElement;
        var conduit = root.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "conduit");
        var threeCommas = root.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "threecommas");

        Assert.Equal("2026-11-20T10:40:00Z", root.GetProperty("asOf").GetString());
        Assert.Equal("stale", conduit.GetProperty("status").GetString());
        Assert.Equal("2026-11-20T10:15:00Z", conduit.GetProperty("snapshotAt").GetString());
        Assert.Equal("2026-11-20T10:30:00Z", conduit.GetProperty("lastAttemptAt").GetString());
        Assert.Equal("ok", threeCommas.GetProperty("status").GetString());
        Assert.Equal("2026-11-20T10:37:00Z", threeCommas.GetProperty("snapshotAt").GetString());
        Assert.Contains(root.GetProperty("totals").EnumerateArray(), t => t.GetProperty("asset").GetString() == "USD" && t.GetProperty("amount").GetString() == "-0.5");
    }

    [Fact]
    public async Task Latest_at_a_moment_after_a_sources_runs_stopped_says_stale_as_the_live_route_would_have()
    {
        // 3Commas' last snapshot is 10:37: by 12:00 two runs were missed and the next was due (schedule :07/:22/:37/:52).
        using var json = JsonDocument.Parse(await _host.GetOkAsync("/api/accounts/latest?at=2026-11-20T12:00:00Z"));
        var threeCommas = json.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "threecommas");
        var command = await _host.App.Services.GetRequiredService<AccountSnapshots.Api.Commands.LatestCommandHandler>()
            .ReadAsync(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(("stale", "2026-11-20T10:37:00Z"), (threeCommas.GetProperty("status").GetString(), threeCommas.GetProperty("snapshotAt").GetString()));
        Assert.Equal("stale", command.Document.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
    }

    [Fact]
    public async Task Latest_at_keeps_the_filters_and_csv_and_rejects_a_bad_time()
    {
        var csv = await _host.GetOkAsync("/api/accounts/latest?at=1795171200&format=csv&source=conduit");
        using var bad = await _host.GetAsync("/api/accounts/latest?at=noon");
        using var before = JsonDocument.Parse(await _host.GetOkAsync("/api/accounts/latest?at=2026-11-19T00:00:00Z"));

        Assert.Contains("conduit,acct_1,client_1,\"Alpha, \"\"Ltd\"\"\",USDC,ethereum,10.50,stale,2026-11-20T10:15:00Z", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("threecommas", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'at'", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(before.RootElement.GetProperty("sources").EnumerateArray(), s => Assert.Equal("never", s.GetProperty("status").GetString()));
    }

    internal static List<AccountSnapshots.Model.AccountRecord> ConduitAccounts(string acct1Usdc) =>
    [
        ConduitAccount("acct_1", "client_1", Name1, ("USDC", "ethereum", acct1Usdc), ("USD", null, "5")),
        ConduitAccount("acct_2", "client_1", "Beta", ("USDC", "ethereum", "1.50")),
        ConduitAccount("acct_3", "client_2", "Gamma", ("EUR", null, "7")),
    ];
}
