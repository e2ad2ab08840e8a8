using System.Globalization;
using System.Text.Json;
using AccountSnapshots.Money;
using AccountSnapshots.Tests.Reliability;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// The status page in a real browser (Debian's chromium, headless, through Playwright in a child process) against
/// <c>serve</c> with a generated week of history: what it shows is compared with what the JSON routes answer, its
/// refresh timer runs on Playwright's fake clock (no test waits for it), and every run leaves screenshots in
/// <c>artifacts/dashboard/</c>.
/// </summary>
[Collection(DashboardHistoryDefinition.Name)]
public sealed class DashboardBrowserTests(DashboardHistoryFixture fixture)
{
    [Fact]
    public async Task The_page_shows_sources_alerts_totals_with_their_24h_change_a_chart_per_asset_and_the_timeline_without_console_errors()
    {
        var latest = await GetJsonAsync("api/accounts/latest");
        var history = await GetJsonAsync("api/accounts/history?level=total&step=1h");

        var result = await BrowserProcess.RunAsync(DashboardBrowserScenario.Wall, PageUri(fixture.Host), "dashboard-wall");

        AssertNoProblems(result);
        var dom = result.GetProperty("dom");

        // Sources: both, each with its status and an age.
        Assert.Equal(["conduit:ok", "threecommas:ok"], dom.GetProperty("sources").EnumerateArray().Select(s => $"{s.GetProperty("source")}:{s.GetProperty("status")}"));
        Assert.All(dom.GetProperty("sources").EnumerateArray(), s => Assert.Matches(@"data \d+ (s|min) ago", s.GetProperty("text").GetString()));
        Assert.Empty(dom.GetProperty("banners").EnumerateArray());

        // Alerts: the invalid exchange keys first, each with exchange, account and since when.
        var alerts = dom.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(latest.GetProperty("alerts").GetArrayLength(), alerts.Count);
        Assert.Equal("exchangeApiKeyInvalid", alerts[0].GetProperty("kind").GetString());
        var expired = fixture.Host.Sandbox.ThreeCommas.AccountId(1).ToString(CultureInfo.InvariantCulture);
        var record = latest.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("accountId").GetString() == expired);
        var shown = alerts.Single(a => a.GetProperty("account").GetString() == expired).GetProperty("text").GetString()!;
        Assert.Contains(record.GetProperty("exchange").GetString()!, shown, StringComparison.Ordinal);
        Assert.Contains($"({expired})", shown, StringComparison.Ordinal);
        Assert.Matches(@"since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ d \d+ h ago\)", shown); // expired for the whole week

        // Totals: one row per source and asset, networks summed exactly; the 24 h change is the changes route's sum.
        var serverNow = DateTimeOffset.Parse(dom.GetProperty("serverNow").GetString()!, CultureInfo.InvariantCulture);
        var changes = await GetJsonAsync($"api/accounts/changes?level=total&from={serverNow.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
        var groups = latest.GetProperty("totals").EnumerateArray().GroupBy(t => (Source: t.GetProperty("source").GetString()!, Asset: t.GetProperty("asset").GetString()!)).ToList();
        var totals = dom.GetProperty("totals").EnumerateArray().ToDictionary(t => (t.GetProperty("source").GetString()!, t.GetProperty("asset").GetString()!));
        Assert.Equal(groups.Count, totals.Count);
        foreach (var group in groups)
        {
            var row = totals[group.Key];
            Assert.Equal(0, ExactDecimal.Compare(ExactDecimal.Sum(group.Select(t => t.GetProperty("amount").GetString()!)), row.GetProperty("amount").GetString()!));
            var change = row.GetProperty("change").GetString();
            Assert.True(change is not null, $"{group.Key}: no 24 h change shown, though the history holds a week");
            var moved = changes.EnumerateArray().Where(c => c.GetProperty("source").GetString() == group.Key.Source && c.GetProperty("asset").GetString() == group.Key.Asset);
            Assert.Equal(0, ExactDecimal.Compare(ExactDecimal.Sum(moved.Select(c => c.GetProperty("change").GetString()!)), change));
        }

        // The chart: one per asset of the history, with a line of a week of hourly points.
        var assets = history.EnumerateArray().Select(r => r.GetProperty("asset").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        var charts = dom.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(assets, charts.Select(c => c.GetProperty("asset").GetString()!));
        var usd = charts.Single(c => c.GetProperty("asset").GetString() == "USD").GetProperty("lines").EnumerateArray()
            .Single(l => l.GetProperty("source").GetString() == SourceNames.Conduit).GetProperty("points").GetInt32();
        Assert.True(usd >= 150, $"the conduit USD line has {usd} points, expected a week of hourly ones");

        // The timeline holds the key events.
        Assert.Contains("exchangeApiKeyInvalid", dom.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_page_refreshes_on_the_interval_the_aggregates_Cache_Control_implies_and_fits_a_phone()
    {
        var before = await MaxAgeAsync();

        var result = await BrowserProcess.RunAsync(DashboardBrowserScenario.Phone, PageUri(fixture.Host), "dashboard-phone");

        var after = await MaxAgeAsync();
        AssertNoProblems(result);
        var dom = result.GetProperty("dom");
        var counts = result.GetProperty("counts");
        var interval = dom.GetProperty("refreshSeconds").GetInt32();
        if (after <= before)
        {
            // max-age counts down to the next expected snapshot: the page's own request came between the two.
            Assert.InRange(interval, Math.Max(15, after), Math.Max(15, before));
        }
        else
        {
            // A slot passed meanwhile and max-age started again from the next one: either side of it.
            Assert.True(interval <= Math.Max(15, before) || interval >= Math.Max(15, after), $"refresh {interval} s; max-age {before} s before, {after} s after");
        }

        Assert.Equal(1, counts.GetProperty("afterOpen").GetInt32());
        Assert.Equal(1, counts.GetProperty("beforeDue").GetInt32());
        Assert.Equal(2, counts.GetProperty("afterDue").GetInt32());
        Assert.True(dom.GetProperty("overflow").GetInt32() <= 0, $"the page is {dom.GetProperty("overflow")} px wider than a phone's screen");
    }

    [Fact]
    public async Task The_page_says_when_a_source_is_stale_and_when_one_never_ran()
    {
        var (host, clock) = await GeneratedHistory.StartAsync();
        await using (host)
        {
            // Conduit last succeeded over three hourly intervals ago (stale after two); 3Commas never ran at all.
            var now = TimeProvider.System.GetUtcNow();
            await GeneratedHistory.FillAsync(host, clock, now.AddDays(-1), now.AddHours(-3), SourceNames.Conduit);

            var result = await BrowserProcess.RunAsync(DashboardBrowserScenario.States, PageUri(host), "dashboard-stale-never");

            AssertNoProblems(result);
            var dom = result.GetProperty("dom");
            Assert.Equal(["conduit:stale", "threecommas:never"], dom.GetProperty("sources").EnumerateArray().Select(s => $"{s.GetProperty("source")}:{s.GetProperty("status")}"));
            var banners = dom.GetProperty("banners").EnumerateArray().ToDictionary(b => b.GetProperty("testid").GetString()!, b => b.GetProperty("text").GetString()!);
            Assert.Matches(@"^Data of conduit is stale: its last successful snapshot is from \d+ h \d+ min ago", banners["banner-stale"]);
            Assert.StartsWith("threecommas has never run successfully", banners["banner-never"], StringComparison.Ordinal);
            Assert.Contains("never run", dom.GetProperty("sources")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<int> MaxAgeAsync()
    {
        using var client = KeyedClient(fixture.Host);
        using var response = await client.GetAsync("api/accounts/latest");
        return (int)response.Headers.CacheControl!.MaxAge!.Value.TotalSeconds;
    }

    private static Uri PageUri(ServeTestHost host) => new(host.BaseAddress, "api/dashboard?code=" + ReliabilityHttp.ApiKey);

    private static void AssertNoProblems(JsonElement result) =>
        Assert.True(result.GetProperty("problems").GetArrayLength() == 0, "The browser reported:\n" + string.Join('\n', result.GetProperty("problems").EnumerateArray()));

    private static HttpClient KeyedClient(ServeTestHost host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", ReliabilityHttp.ApiKey);
        return client;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = KeyedClient(fixture.Host);
        using var document = JsonDocument.Parse(await client.GetStringAsync(path));
        return document.RootElement.Clone();
    }
}
