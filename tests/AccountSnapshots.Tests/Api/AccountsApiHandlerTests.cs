using System.Net;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Api;
using AccountSnapshots.Model;
using AccountSnapshots.Serialization;

namespace AccountSnapshots.Tests.Api;

/// <summary>The dashboard endpoints through the in-memory test server (real DI graph, real pipeline).</summary>
public sealed class AccountsApiHandlerTests
{
    [Fact]
    public async Task Serves_the_stored_aggregate_bytes_exactly_with_caching_headers()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var stored = TestAggregates.ToStoredBytes(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag!.ToString());
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag.Tag);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.Equal("private, no-cache", CacheControl(response));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("\"0000\", {0}")]
    [InlineData("W/{0}")]
    [InlineData("*")]
    public async Task Answers_304_without_a_body_when_If_None_Match_matches(string ifNoneMatch)
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        using var first = await host.SendAsync("/api/accounts/latest");
        var eTag = first.Headers.ETag!.ToString();

        using var response = await host.SendAsync("/api/accounts/latest", configure: r =>
            r.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, eTag)));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(eTag, response.Headers.ETag!.ToString());
        Assert.Equal("private, no-cache", CacheControl(response));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Answers_200_when_If_None_Match_names_another_version()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest", configure: r =>
            r.Headers.TryAddWithoutValidation("If-None-Match", "\"0123456789abcdef0123456789abcdef\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_answers_the_headers_of_get_without_a_body()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var stored = TestAggregates.ToStoredBytes(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag!.ToString());
        Assert.Equal(stored.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("source=foo", "source")]
    [InlineData("source=", "source")]
    [InlineData("format=xml", "format")]
    [InlineData("alertsOnly=maybe", "alertsOnly")]
    [InlineData("asset=", "asset")]
    [InlineData("asset=US%20D", "asset")]
    [InlineData("source=conduit&source=threecommas", "source")]
    public async Task Answers_400_problem_json_naming_the_parameter_for_an_unsupported_value(string query, string parameter)
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.Contains($"'{parameter}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_allowed_values_in_a_400()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.SendAsync("/api/accounts/latest?source=foo");

        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Equal("Query parameter 'source' has the unsupported value 'foo'; allowed: conduit, threecommas.", detail);
    }

    [Fact]
    public async Task Ignores_unknown_parameter_names_and_serves_the_stored_bytes()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest?foo=bar&alertsOnly=false&format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestAggregates.ToStoredBytes(TestAggregates.Sample()), await response.Content.ReadAsByteArrayAsync());
    }

    private const string ExpectedCsv =
        "source,accountId,clientId,name,asset,network,amount,status,snapshotAt\r\n" +
        "conduit,acct_1,client_1,\"Zürich Treasury, \"\"Ops\"\"\nDesk\",USDC,ethereum,1234.500000,ok,2026-11-21T06:30:00Z\r\n" +
        "conduit,acct_1,client_1,\"Zürich Treasury, \"\"Ops\"\"\nDesk\",USD,,99.10,ok,2026-11-21T06:30:00Z\r\n" +
        "conduit,acct_2,client_2,Plain Co,EUR,,5.25,ok,2026-11-21T06:30:00Z\r\n" +
        "threecommas,31,,Binance main,USD,,1000.12,ok,2026-11-21T06:37:00Z\r\n" +
        "threecommas,31,,Binance main,BTC,,0.01234567,ok,2026-11-21T06:37:00Z\r\n" +
        "threecommas,32,,Kraken spare,USD,,50.5,ok,2026-11-21T06:37:00Z\r\n";

    [Theory]
    [InlineData("?format=csv", null)]
    [InlineData("", "text/csv")]
    [InlineData("", "application/json;q=0.5, text/csv")]
    public async Task Serves_rfc4180_csv_in_utf8_without_bom(string query, string? accept)
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest" + query, configure: r =>
        {
            if (accept is not null)
            {
                r.Headers.TryAddWithoutValidation("Accept", accept);
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetBytes(ExpectedCsv), bytes);
        Assert.Equal(AggregateSnapshot.ComputeETag(bytes), response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Serves_json_when_the_client_prefers_json_over_csv()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.TryAddWithoutValidation("Accept", "application/json, text/csv;q=0.1"));

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Applies_filters_to_csv()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest?format=csv&source=threecommas&asset=btc");

        Assert.Equal(
            "source,accountId,clientId,name,asset,network,amount,status,snapshotAt\r\nthreecommas,31,,Binance main,BTC,,0.01234567,ok,2026-11-21T06:37:00Z\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Filters_by_source()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        var (document, response) = await GetDocumentAsync(host, "?source=threecommas");

        Assert.Equal(["31", "32"], document.Accounts.Select(a => a.Id));
        Assert.All(document.Totals, t => Assert.Equal("threecommas", t.Source));
        Assert.Equal(2, document.Totals.Count);
        Assert.Single(document.Alerts);
        Assert.Equal(2, document.Sources.Count);
        Assert.Equal(AggregateSnapshot.ComputeETag(await response.Content.ReadAsByteArrayAsync()), response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Filters_by_asset_case_insensitively()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        var (document, _) = await GetDocumentAsync(host, "?asset=usdc");

        var account = Assert.Single(document.Accounts);
        Assert.Equal("acct_1", account.Id);
        Assert.Equal("USDC", Assert.Single(account.Balances!).Asset);
        Assert.Equal("USDC", Assert.Single(document.Totals).Asset);
        Assert.Empty(document.Alerts);
    }

    [Fact]
    public async Task Filters_3commas_valuations_by_asset()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        var (document, _) = await GetDocumentAsync(host, "?asset=BTC");

        var account = Assert.Single(document.Accounts);
        Assert.Equal("31", account.Id);
        Assert.Equal("0.01234567", account.BtcAmount);
        Assert.Null(account.UsdAmount);
        Assert.Equal(["threecommas"], document.Totals.Select(t => t.Source));
        Assert.Single(document.Alerts);
    }

    [Fact]
    public async Task Alerts_only_keeps_the_accounts_that_have_an_alert_and_the_alerts()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        var (document, _) = await GetDocumentAsync(host, "?alertsOnly=true");

        Assert.Equal("31", Assert.Single(document.Accounts).Id);
        Assert.Equal(AlertKinds.ExchangeApiKeyInvalid, Assert.Single(document.Alerts).Kind);
        Assert.Empty(document.Totals);
    }

    [Fact]
    public async Task Serves_every_source_as_never_when_no_aggregate_is_stored()
    {
        await using var host = await ApiTestHost.StartAsync();

        var (document, response) = await GetDocumentAsync(host, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, document.SchemaVersion);
        Assert.Equal(ApiTestHost.DefaultNow, document.GeneratedAt);
        Assert.Equal(["conduit", "threecommas"], document.Sources.Select(s => s.Source));
        Assert.All(document.Sources, s => Assert.Equal("never", s.Status));
        Assert.Empty(document.Accounts);
        Assert.Empty(document.Totals);
        Assert.Empty(document.Alerts);
    }

    [Fact]
    public async Task Health_reports_status_and_age_per_source_without_names_or_balances()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(
            "{\"status\":\"ok\",\"sources\":[{\"source\":\"conduit\",\"status\":\"ok\",\"ageSeconds\":800},{\"source\":\"threecommas\",\"status\":\"ok\",\"ageSeconds\":380}]}",
            body);
        Assert.All(TestAggregates.SensitiveValues, v => Assert.DoesNotContain(v, body, StringComparison.Ordinal));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Health_is_degraded_with_null_ages_when_nothing_was_stored()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(
            "{\"status\":\"degraded\",\"sources\":[{\"source\":\"conduit\",\"status\":\"never\",\"ageSeconds\":null},{\"source\":\"threecommas\",\"status\":\"never\",\"ageSeconds\":null}]}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_etag_changes_exactly_when_the_data_changes()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var first = await GetETagAsync(host);

        // Same bytes written again: a new store version, the same representation.
        await host.StoreAsync(TestAggregates.Sample());
        host.Time.Advance(TimeSpan.FromSeconds(6));
        var sameBytes = await GetETagAsync(host);

        await host.StoreAsync(TestAggregates.Sample() with { GeneratedAt = TestAggregates.Sample().GeneratedAt.AddMinutes(15) });
        host.Time.Advance(TimeSpan.FromSeconds(6));
        var changed = await GetETagAsync(host);

        var published = TestAggregates.ToStoredBytes(TestAggregates.Sample() with { Accounts = [], GeneratedAt = TestAggregates.Sample().GeneratedAt.AddMinutes(30) });
        host.Cache.Publish(published, "\"published\"", ApiTestHost.DefaultNow);
        var afterPublish = await GetETagAsync(host);

        Assert.Equal(first, sameBytes);
        Assert.NotEqual(first, changed);
        Assert.NotEqual(changed, afterPublish);
        Assert.Equal(AggregateSnapshot.ComputeETag(published), afterPublish);
    }

    [Fact]
    public async Task An_older_aggregate_published_late_never_replaces_a_newer_one()
    {
        await using var host = await ApiTestHost.StartAsync();
        var newer = TestAggregates.ToStoredBytes(TestAggregates.Sample() with { GeneratedAt = TestAggregates.Sample().GeneratedAt.AddMinutes(15) });
        var older = TestAggregates.ToStoredBytes(TestAggregates.Sample() with { Accounts = [] });
        host.Cache.Publish(newer, "\"newer\"", ApiTestHost.DefaultNow);

        host.Cache.Publish(older, "\"older\"", ApiTestHost.DefaultNow);

        Assert.Equal(AggregateSnapshot.ComputeETag(newer), await GetETagAsync(host));
    }

    [Theory]
    [InlineData("2026-11-21T06:43:20Z", "300", 100)]
    [InlineData("2026-11-21T06:44:59.5Z", "300", 0)]
    [InlineData("2026-11-21T06:45:00Z", "300", 300)]
    [InlineData("2026-11-21T06:45:00Z", "600", 420)]
    [InlineData("2026-11-21T06:50:00Z", "1", 1)]
    public async Task Max_age_runs_to_the_next_scheduled_snapshot_of_any_source_capped_by_the_setting(string now, string? maxAge, int expected)
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key };
        if (maxAge is not null)
        {
            settings["Api:MaxAgeSeconds"] = maxAge;
        }

        await using var host = await ApiTestHost.StartAsync(settings: settings, now: DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        using var response = await host.SendAsync("/api/accounts/latest");

        Assert.Equal($"private, max-age={expected}", CacheControl(response));
    }

    [Fact]
    public async Task Max_age_follows_the_clock_across_scheduled_slots_on_one_running_host()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key, ["Api:MaxAgeSeconds"] = "300" };
        await using var host = await ApiTestHost.StartAsync(settings: settings, now: new DateTimeOffset(2026, 11, 21, 6, 43, 20, TimeSpan.Zero));

        var before = CacheControl(await host.SendAsync("/api/accounts/latest"));
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 6, 50, 0, TimeSpan.Zero));
        var afterTheSlot = CacheControl(await host.SendAsync("/api/accounts/latest"));

        // 06:45 (Conduit) was next at first; after it, 06:52 (3Commas) is.
        Assert.Equal("private, max-age=100", before);
        Assert.Equal("private, max-age=120", afterTheSlot);
    }

    [Fact]
    public async Task A_source_turns_stale_just_after_its_deadline_and_not_at_it()
    {
        // Conduit's snapshot is 06:30 (schedule every 15 min): its deadline is 07:15:00.
        var deadline = new DateTimeOffset(2026, 11, 21, 7, 15, 0, TimeSpan.Zero);
        await using var host = await ApiTestHost.StartAsync(now: deadline.AddSeconds(-1));
        await host.StoreAsync(TestAggregates.Sample());

        var (justBefore, _) = await GetDocumentAsync(host, "");
        host.Time.SetUtcNow(deadline);
        var (atDeadline, _) = await GetDocumentAsync(host, "");
        host.Time.SetUtcNow(deadline.AddTicks(1));
        var (justAfter, _) = await GetDocumentAsync(host, "");

        Assert.Equal("ok", justBefore.Sources[0].Status);
        Assert.Equal("ok", atDeadline.Sources[0].Status);
        Assert.Equal("stale", justAfter.Sources[0].Status);
    }

    [Fact]
    public async Task A_publish_after_a_refresh_is_served_even_when_the_refreshed_copy_is_newer()
    {
        await using var host = await ApiTestHost.StartAsync();
        var neverCopy = await GetETagAsync(host);
        var published = TestAggregates.ToStoredBytes(TestAggregates.Sample() with { GeneratedAt = ApiTestHost.DefaultNow.AddSeconds(-1) });

        host.Cache.Publish(published, "\"written\"", ApiTestHost.DefaultNow);

        Assert.NotEqual(neverCopy, await GetETagAsync(host));
        Assert.Equal(AggregateSnapshot.ComputeETag(published), await GetETagAsync(host));
    }

    [Fact]
    public async Task Reports_an_ok_source_as_stale_once_two_runs_were_missed_without_changing_the_store()
    {
        // Conduit's snapshot is 06:30: 07:00 is two intervals later, 07:15 the next slot; 3Commas (06:37) is due at 07:22.
        await using var host = await ApiTestHost.StartAsync(now: new DateTimeOffset(2026, 11, 21, 7, 16, 0, TimeSpan.Zero));
        await host.StoreAsync(TestAggregates.Sample());

        var (document, response) = await GetDocumentAsync(host, "");
        using var health = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(["stale", "ok"], document.Sources.Select(s => s.Status));
        Assert.Equal(AggregateSnapshot.ComputeETag(await response.Content.ReadAsByteArrayAsync()), response.Headers.ETag!.ToString());
        Assert.Equal(TestAggregates.ToStoredBytes(TestAggregates.Sample()), (await host.Store.Inner.ReadAsync("latest/aggregate.json", default))!.Content.ToArray());
        Assert.StartsWith("{\"status\":\"degraded\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_the_stored_bytes_while_every_source_is_on_schedule()
    {
        await using var host = await ApiTestHost.StartAsync(now: new DateTimeOffset(2026, 11, 21, 7, 14, 59, TimeSpan.Zero));
        await host.StoreAsync(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest");

        Assert.Equal(TestAggregates.ToStoredBytes(TestAggregates.Sample()), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Answers_503_problem_json_when_the_store_fails_and_nothing_is_cached()
    {
        await using var host = await ApiTestHost.StartAsync();
        host.Store.Failing = true;

        using var latest = await host.SendAsync("/api/accounts/latest");
        using var health = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, latest.StatusCode);
        Assert.Equal("application/problem+json", latest.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.DoesNotContain("unreachable", await latest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The raw header: HttpClient's parsed CacheControlHeaderValue reorders directives.
    private static string CacheControl(HttpResponseMessage response) => response.Headers.NonValidated["Cache-Control"].ToString();

    private static async Task<string> GetETagAsync(ApiTestHost host)
    {
        using var response = await host.SendAsync("/api/accounts/latest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private static async Task<(AggregateDocument Document, HttpResponseMessage Response)> GetDocumentAsync(ApiTestHost host, string query)
    {
        var response = await host.SendAsync("/api/accounts/latest" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), AccountSnapshotsJsonContext.Default.AggregateDocument)!;
        return (document, response);
    }
}
