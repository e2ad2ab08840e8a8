using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountSnapshots.History;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.History;
using static AccountSnapshots.Tests.Events.EventScenario;

namespace AccountSnapshots.Tests.Events;

/// <summary><c>GET /api/events</c> through HTTP on the CLI-style composition over a folder store.</summary>
public sealed class EventsHandlerTests : IAsyncLifetime
{
    private const string Range = "from=2026-11-20T00:00:00Z&to=2026-11-20T13:00:00Z";
    private static readonly DateTimeOffset Now = At(12, 20);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Now);
        await _host.StoreAllAsync(Documents());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_whole_day_gives_the_timeline_sorted_by_time_then_kind()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}"));

        Assert.Equal(
            [
                ("2026-11-20T10:15:00Z", "2026-11-20T11:00:00Z", "credentialsRejected", "conduit"),
                ("2026-11-20T10:15:00Z", "2026-11-20T10:15:00Z", "snapshotFailed", "conduit"),
                ("2026-11-20T10:22:00Z", "2026-11-20T10:52:00Z", "exchangeApiKeyInvalid", "threecommas"),
                ("2026-11-20T10:30:00Z", "2026-11-20T10:30:00Z", "snapshotFailed", "conduit"),
                ("2026-11-20T10:30:00Z", "2026-11-20T11:00:00Z", "sourceStale", "conduit"),
                ("2026-11-20T10:45:00Z", "2026-11-20T10:45:00Z", "snapshotFailed", "conduit"),
                ("2026-11-20T11:07:00Z", null, "exchangeApiKeyInvalid", "threecommas"),
                ("2026-11-20T11:30:00Z", "2026-11-20T12:00:00Z", "sourceStale", "conduit"),
                ("2026-11-20T12:00:00Z", "2026-11-20T12:15:00Z", "totalsMismatch", "conduit"),
            ],
            rows.Select(r => (r.Time, r.TimeEnd, r.Kind, r.Source)));
    }

    [Fact]
    public async Task An_exchange_key_going_ok_expired_ok_is_one_event_with_time_and_timeEnd()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=exchangeApiKeyInvalid"));

        var recovered = Assert.Single(rows, r => r.AccountId == "31");
        Assert.Equal("2026-11-20T10:22:00Z", recovered.Time);
        Assert.Equal("2026-11-20T10:52:00Z", recovered.TimeEnd);
        Assert.Equal("threecommas", recovered.Source);
        Assert.Equal("binance", recovered.Exchange);
        Assert.Equal("expired", recovered.State);
        Assert.Equal("exchangeApiKeyInvalid|threecommas|binance", recovered.Tags);
        Assert.Contains("Binance main", recovered.Title, StringComparison.Ordinal);
        Assert.Contains("expired", recovered.Text, StringComparison.Ordinal);
        Assert.Null(recovered.ErrorKind);
        Assert.Null(recovered.HttpStatus);
    }

    [Fact]
    public async Task A_key_still_invalid_is_an_open_event()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=exchangeApiKeyInvalid"));

        var open = Assert.Single(rows, r => r.AccountId == "32");
        Assert.Equal("2026-11-20T11:07:00Z", open.Time);
        Assert.Null(open.TimeEnd);
        Assert.Equal("kraken", open.Exchange);
    }

    [Fact]
    public async Task Rejected_credentials_last_until_the_next_success_whatever_fails_between()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=credentialsRejected"));

        var rejected = Assert.Single(rows);
        Assert.Equal(("2026-11-20T10:15:00Z", "2026-11-20T11:00:00Z"), (rejected.Time, rejected.TimeEnd));
        Assert.Equal(("credentialsRejected", 401), (rejected.ErrorKind, rejected.HttpStatus));
        Assert.Equal("credentialsRejected|conduit", rejected.Tags);
    }

    [Fact]
    public async Task Credentials_rejected_in_the_last_attempt_is_open()
    {
        _host.Time.SetUtcNow(At(12, 40));
        await _host.StoreAsync(ConduitFailed(At(12, 30), AccountSnapshots.Upstream.UpstreamErrorKind.CredentialsRejected, 403));

        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=credentialsRejected"));

        Assert.Equal([("2026-11-20T10:15:00Z", "2026-11-20T11:00:00Z", 401), ("2026-11-20T12:30:00Z", null, 403)], rows.Select(r => (r.Time, r.TimeEnd, r.HttpStatus ?? 0)));
    }

    [Fact]
    public async Task Each_failed_slot_is_a_point_event_with_its_error_kind_and_status()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=snapshotFailed"));

        Assert.Equal(
            [
                ("2026-11-20T10:15:00Z", "credentialsRejected", 401),
                ("2026-11-20T10:30:00Z", "credentialsRejected", 401),
                ("2026-11-20T10:45:00Z", "unavailable", 503),
            ],
            rows.Select(r => (r.Time, r.ErrorKind!, r.HttpStatus ?? 0)));
        Assert.All(rows, r => Assert.Equal(r.Time, r.TimeEnd));
        Assert.Contains("HTTP 503", rows[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_is_stale_from_two_intervals_after_its_last_success_until_the_next()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=sourceStale"));

        // 10:00 ok, then failures until 11:00; then no run at all until 12:00.
        Assert.Equal(
            [("conduit", "2026-11-20T10:30:00Z", "2026-11-20T11:00:00Z"), ("conduit", "2026-11-20T11:30:00Z", "2026-11-20T12:00:00Z")],
            rows.Select(r => (r.Source, r.Time, r.TimeEnd)));
    }

    [Fact]
    public async Task A_source_still_without_success_is_stale_and_open()
    {
        _host.Time.SetUtcNow(At(13, 30));

        var rows = EventRows.Parse(await _host.GetOkAsync("/api/events?from=2026-11-20T12:00:00Z&to=2026-11-20T14:00:00Z&kind=sourceStale"));

        Assert.Equal([("conduit", "2026-11-20T12:45:00Z", (string?)null), ("threecommas", "2026-11-20T12:37:00Z", null)], rows.Select(r => (r.Source, r.Time, r.TimeEnd)).OrderBy(r => r.Source));
    }

    [Fact]
    public async Task A_totals_mismatch_lasts_until_a_snapshot_without_it()
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&kind=totalsMismatch"));

        var mismatch = Assert.Single(rows);
        Assert.Equal(("2026-11-20T12:00:00Z", "2026-11-20T12:15:00Z"), (mismatch.Time, mismatch.TimeEnd));
        Assert.Contains("USDC on ethereum", mismatch.Title + mismatch.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source=threecommas", new[] { "exchangeApiKeyInvalid", "exchangeApiKeyInvalid" })]
    [InlineData("source=CONDUIT&kind=sourceStale,totalsMismatch", new[] { "sourceStale", "sourceStale", "totalsMismatch" })]
    [InlineData("kind=sourceStale&kind=credentialsRejected", new[] { "credentialsRejected", "sourceStale", "sourceStale" })]
    [InlineData("source=conduit&kind=exchangeApiKeyInvalid", new string[0])]
    public async Task Source_and_kind_filters_repeat_or_comma_separate(string filter, string[] kinds)
    {
        var rows = EventRows.Parse(await _host.GetOkAsync($"/api/events?{Range}&{filter}"));

        Assert.Equal(kinds, rows.Select(r => r.Kind));
    }

    [Fact]
    public async Task A_range_returns_the_periods_it_overlaps_with_their_true_start_and_only_its_own_points()
    {
        var inside = EventRows.Parse(await _host.GetOkAsync("/api/events?from=2026-11-20T10:40:00Z&to=2026-11-20T10:50:00Z"));
        var after = EventRows.Parse(await _host.GetOkAsync("/api/events?from=2026-11-20T10:52:00Z&to=2026-11-20T10:53:00Z&source=threecommas"));

        Assert.Equal(
            [
                ("2026-11-20T10:15:00Z", "credentialsRejected"),
                ("2026-11-20T10:22:00Z", "exchangeApiKeyInvalid"),
                ("2026-11-20T10:30:00Z", "sourceStale"),
                ("2026-11-20T10:45:00Z", "snapshotFailed"),
            ],
            inside.Select(r => (r.Time, r.Kind)));
        Assert.Empty(after);
    }

    [Fact]
    public async Task An_event_open_days_before_from_keeps_its_start_and_one_that_closes_after_to_its_end()
    {
        _host.Time.SetUtcNow(At(12, 20).AddDays(3));
        for (var at = At(12, 22); at < At(12, 22).AddDays(3); at = at.AddHours(6))
        {
            await _host.StoreAsync(EventScenario.ThreeCommas(at, ("31", "Binance main", "ok"), ("32", "Kraken spot", at < At(12, 22).AddDays(2) ? "expired" : "ok")));
        }

        var rows = EventRows.Parse(await _host.GetOkAsync("/api/events?from=2026-11-22T00:00:00Z&to=2026-11-22T01:00:00Z&kind=exchangeApiKeyInvalid"));

        var row = Assert.Single(rows);
        Assert.Equal(("32", "2026-11-20T11:07:00Z", "2026-11-22T12:22:00Z"), (row.AccountId, row.Time, row.TimeEnd));
    }

    [Fact]
    public async Task Csv_has_the_json_columns_and_a_header_even_when_empty()
    {
        using var byAccept = await _host.GetAsync($"/api/events?{Range}&kind=exchangeApiKeyInvalid", r => r.Headers.Accept.ParseAdd("text/csv"));
        var csv = await byAccept.Content.ReadAsStringAsync();
        var empty = await _host.GetOkAsync("/api/events?from=2026-11-19T00:00:00Z&to=2026-11-19T01:00:00Z&format=csv");

        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "time,timeEnd,kind,source,accountId,title,text,tags,exchange,state,errorKind,httpStatus\r\n"
            + "2026-11-20T10:22:00Z,2026-11-20T10:52:00Z,exchangeApiKeyInvalid,threecommas,31,Exchange API key invalid: Binance main,"
            + "threecommas account Binance main (31) on binance: api_keys_state expired; the balances of this account are not current until the key is replaced in 3Commas.,"
            + "\"exchangeApiKeyInvalid,threecommas,binance\",binance,expired,,\r\n"
            + "2026-11-20T11:07:00Z,,exchangeApiKeyInvalid,threecommas,32,Exchange API key invalid: Kraken spot,"
            + "threecommas account Kraken spot (32) on kraken: api_keys_state expired; the balances of this account are not current until the key is replaced in 3Commas.,"
            + "\"exchangeApiKeyInvalid,threecommas,kraken\",kraken,expired,,\r\n",
            csv);
        Assert.Equal("time,timeEnd,kind,source,accountId,title,text,tags,exchange,state,errorKind,httpStatus\r\n", empty);
    }

    [Theory]
    [InlineData("kind=keyExpired", "'kind'")]
    [InlineData("source=binance", "'source'")]
    [InlineData("kind=", "'kind'")]
    [InlineData("from=yesterday", "'from'")]
    [InlineData("from=2026-11-20T10:00:00", "'from'")]
    [InlineData("to=2026-11-20T10:00:00Z&from=2026-11-20T11:00:00Z", "'from' must be before 'to'")]
    [InlineData("format=xml", "'format'")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-11-20T00:00:00Z", "Api:MaxHistoryDays")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string query, string named)
    {
        using var response = await _host.GetAsync($"/api/events?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(named, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_it_is_401()
    {
        using var request = Api.ApiTestHost.Request($"/api/events?{Range}", withKey: false);
        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Slots_indexed_before_events_existed_are_read_from_their_snapshots_and_reindex_fills_them_in()
    {
        var expected = await _host.GetOkAsync($"/api/events?{Range}");
        var path = HistoryPaths.Totals("threecommas", DateOnly.FromDateTime(Day.UtcDateTime));
        var conduitPath = HistoryPaths.Totals("conduit", DateOnly.FromDateTime(Day.UtcDateTime));
        foreach (var p in new[] { path, conduitPath })
        {
            await StripEventFieldsAsync(p);
        }

        _host.Store.Reset();
        var fromOld = await _host.GetOkAsync($"/api/events?{Range}");
        var oldCalls = _host.Store.Calls;
        await _host.Index.ReindexAsync(null, null, CancellationToken.None);
        _host.Store.Reset();
        var stored = JsonNode.Parse((await _host.Store.ReadAsync(path, CancellationToken.None))!.Content.ToArray())!;
        var afterReindex = await _host.GetOkAsync($"/api/events?{Range}");

        Assert.Equal(expected, fromOld);
        Assert.Equal(expected, afterReindex);
        Assert.All(stored["slots"]!.AsArray(), s => Assert.NotNull(s!["findings"]));
        Assert.Contains(stored["slots"]!.AsArray(), s => s!["findings"]!.AsArray().Count == 1);
        Assert.Contains(oldCalls, c => c.Contains("snapshots/threecommas/", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.Store.Calls, c => c.Contains("ReadAsync snapshots/", StringComparison.Ordinal));
    }

    private async Task StripEventFieldsAsync(string path)
    {
        var stored = (await _host.Store.ReadAsync(path, CancellationToken.None))!;
        var day = JsonNode.Parse(stored.Content.ToArray())!;
        foreach (var slot in day["slots"]!.AsArray())
        {
            slot!.AsObject().Remove("findings");
            slot.AsObject().Remove("error");
        }

        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(day.ToJsonString()));
        Assert.True((await _host.Store.WriteAsync(path, content, StoreCondition.IfMatch(stored.ETag), CancellationToken.None)).Written);
    }

    [Fact]
    public async Task A_strong_etag_answers_304_and_differs_by_format_and_head_gets_the_headers_only()
    {
        using var first = await _host.GetAsync($"/api/events?{Range}");
        var eTag = first.Headers.ETag!;
        using var csv = await _host.GetAsync($"/api/events?{Range}&format=csv");
        using var notModified = await _host.GetAsync($"/api/events?{Range}", r => r.Headers.IfNoneMatch.Add(eTag));
        using var head = await _host.GetAsync($"/api/events?{Range}", r => r.Method = HttpMethod.Head);

        Assert.False(eTag.IsWeak);
        Assert.NotEqual(eTag, csv.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal((HttpStatusCode.OK, eTag), (head.StatusCode, head.Headers.ETag));
        Assert.Equal(first.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_that_ended_over_an_hour_ago_may_be_cached_long_and_a_current_one_not()
    {
        using var past = await _host.GetAsync("/api/events?from=2026-11-20T00:00:00Z&to=2026-11-20T11:00:00Z");
        using var current = await _host.GetAsync($"/api/events?{Range}");

        Assert.Equal(TimeSpan.FromDays(1), past.Headers.CacheControl!.MaxAge);
        Assert.True(current.Headers.CacheControl!.NoCache || current.Headers.CacheControl.MaxAge <= TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_past_range_holding_an_open_event_is_not_cached_long()
    {
        // 3Commas account 32's key is invalid from 11:07 and still open at 12:20 (now): the rows may change.
        using var response = await _host.GetAsync("/api/events?from=2026-11-20T11:00:00Z&to=2026-11-20T11:10:00Z&kind=exchangeApiKeyInvalid");

        Assert.Contains(EventRows.Parse(await response.Content.ReadAsStringAsync()), r => r.AccountId == "32" && r.TimeEnd is null);
        Assert.True(response.Headers.CacheControl!.NoCache || response.Headers.CacheControl.MaxAge <= TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData(AccountSnapshots.Upstream.UpstreamErrorKind.Configuration, "snapshotFailed")]
    [InlineData(AccountSnapshots.Upstream.UpstreamErrorKind.CredentialsRejected, "credentialsRejected")]
    public async Task A_failure_naming_our_vault_and_secrets_is_served_without_those_names(AccountSnapshots.Upstream.UpstreamErrorKind kind, string eventKind)
    {
        var error = new AccountSnapshots.Upstream.SourceError(
            kind, "threecommas: Key Vault https://kv-prod-demo.vault.azure.net/ could not be reached for secret 'ThreeCommasApiKey' (Key Vault secret name 'prod-3c-apikey')", 401)
        {
            ServedMessage = "threecommas: credentials could not be read (the vault and secret names are in the log)",
        };
        await _host.StoreAsync(AccountSnapshots.Tests.History.HistoryRuns.Failed(AccountSnapshots.Upstream.SourceNames.ThreeCommas, At(9, 7)) with { Error = error });

        var json = await _host.GetOkAsync($"/api/events?{Range}&source=threecommas");
        var csv = await _host.GetOkAsync($"/api/events?{Range}&source=threecommas&format=csv");

        Assert.Contains(EventRows.Parse(json), r => r.Kind == eventKind && r.Text.Contains("credentials could not be read", StringComparison.Ordinal));
        foreach (var body in new[] { json, csv })
        {
            Assert.DoesNotContain("vault.azure.net", body, StringComparison.Ordinal);
            Assert.DoesNotContain("prod-3c-apikey", body, StringComparison.Ordinal);
            Assert.DoesNotContain("ThreeCommasApiKey", body, StringComparison.Ordinal);
        }
    }
}
