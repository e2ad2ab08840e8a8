using System.Text;
using System.Text.Json;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// The browser side of <see cref="DashboardBrowserTests"/>, run in a child process (<see cref="BrowserProcess"/>):
/// opens the page in chromium, drives it (Playwright's fake clock for the refresh timer), takes the screenshot and
/// writes what the page shows, read from its DOM in one pass, plus every problem the browser reported.
/// </summary>
internal static class DashboardBrowserScenario
{
    public const string Wall = "wall";
    public const string Phone = "phone";
    public const string States = "states";

    // Everything the assertions read, from the page's data-testid hooks.
    private const string CollectScript = """
        () => JSON.stringify({
          sources: [...document.querySelectorAll('[data-testid=source]')].map(c => ({ source: c.dataset.source, status: c.dataset.status, text: c.innerText })),
          alerts: [...document.querySelectorAll('[data-testid=alert]')].map(a => ({ kind: a.dataset.kind, account: a.dataset.account || null, text: a.innerText })),
          totals: [...document.querySelectorAll('[data-testid=total]')].map(r => ({ source: r.dataset.source, asset: r.dataset.asset,
            amount: r.querySelector('[data-testid=amount]').getAttribute('title'), change: r.querySelector('[data-testid=change]').getAttribute('title') })),
          charts: [...document.querySelectorAll('[data-testid=chart]')].map(c => ({ asset: c.dataset.asset,
            lines: [...c.querySelectorAll('polyline')].map(p => ({ source: p.dataset.source, points: p.getAttribute('points').split(' ').length })) })),
          events: [...document.querySelectorAll('[data-testid=event]')].map(e => e.dataset.kind),
          banners: [...document.querySelectorAll('#banners .banner')].map(b => ({ testid: b.dataset.testid, source: b.dataset.source || null, text: b.innerText })),
          serverNow: document.body.dataset.serverNow || null,
          refreshSeconds: Number(document.body.dataset.refreshSeconds || 0),
          overflow: document.documentElement.scrollWidth - window.innerWidth
        })
        """;

    /// <summary>Entry of the child process: <c>scenario url screenshot result</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (scenario, url, screenshot, result) = (args[0], args[1], args[2], args[3]);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var browser = scenario switch
        {
            Phone => await ChromiumSession.StartAsync(390, 844, mobile: true),
            States => await ChromiumSession.StartAsync(1280, 900),
            _ => await ChromiumSession.StartAsync(1920, 1080),
        };
        var page = browser.Page;
        if (scenario == Phone)
        {
            await page.Clock.InstallAsync();
        }

        await page.GotoAsync(url);
        if (scenario == States)
        {
            await page.Locator("[data-testid=banner-never]").WaitForAsync();
        }
        else
        {
            await page.Locator("[data-testid=chart]").First.WaitForAsync();
            await page.Locator("[data-testid=event]").First.WaitForAsync();
        }

        if (scenario == Phone)
        {
            // The refresh timer on the fake clock: nothing before the interval is up, one reload when it is.
            var interval = int.Parse((await page.Locator("body").GetAttributeAsync("data-refresh-seconds"))!, System.Globalization.CultureInfo.InvariantCulture);
            counts["afterOpen"] = LatestRequests(browser);
            await page.Clock.FastForwardAsync(ClockText(interval - 2));
            await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 0))");
            counts["beforeDue"] = LatestRequests(browser);
            await page.RunAndWaitForRequestAsync(() => page.Clock.FastForwardAsync(ClockText(3)), r => r.Url.Contains("/api/accounts/latest", StringComparison.Ordinal));
            await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 0))");
            counts["afterDue"] = LatestRequests(browser);
        }

        await browser.ScreenshotAsync(screenshot);
        var dom = await page.EvaluateAsync<string>(CollectScript);

        await using var file = File.Create(result);
        await using var writer = new Utf8JsonWriter(file);
        writer.WriteStartObject();
        writer.WriteStartArray("problems");
        foreach (var problem in browser.Problems)
        {
            writer.WriteStringValue(problem);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("counts");
        foreach (var (name, value) in counts)
        {
            writer.WriteNumber(name, value);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("dom");
        writer.WriteRawValue(Encoding.UTF8.GetBytes(dom));
        writer.WriteEndObject();
        return 0;
    }

    private static int LatestRequests(ChromiumSession browser) =>
        browser.Requests.Count(u => u.Contains("/api/accounts/latest", StringComparison.Ordinal));

    private static string ClockText(int seconds) => $"{seconds / 60:00}:{seconds % 60:00}";
}
