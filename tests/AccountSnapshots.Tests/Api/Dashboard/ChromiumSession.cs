using System.Collections.Concurrent;
using AccountSnapshots.Tests.Deployment;
using Microsoft.Playwright;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// Debian's chromium driven headless by Playwright through <c>ExecutablePath</c> (Playwright downloads no browser),
/// with a fresh profile folder per session, and every console error, page error, failed request and 4xx/5xx
/// response recorded: the page must produce none.
/// </summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    /// <summary>Where eng/test.sh installs Debian's package; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private ChromiumSession(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        Context = context;
        Page = page;
        _profile = profile;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => Problems.Enqueue($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Enqueue($"HTTP {response.Status}: {response.Url}");
            }
        };
        page.Request += (_, request) => Requests.Enqueue(request.Url);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors, uncaught exceptions, failed requests and error responses.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<ChromiumSession> StartAsync(int width, int height, bool mobile = false)
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultExecutable;
        Assert.True(File.Exists(executable), $"No chromium at {executable}: eng/test.sh installs Debian's package (apt-get install -y chromium), or set CHROMIUM_PATH.");
        var profile = Path.Combine(Path.GetTempPath(), "as-chromium-" + Guid.NewGuid().ToString("N"));
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Flags,
                ViewportSize = new ViewportSize { Width = width, Height = height },
                IsMobile = mobile,
                HasTouch = mobile,
                DeviceScaleFactor = mobile ? 2 : 1,
                Timeout = 60_000,
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new ChromiumSession(playwright, context, page, profile);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A full-page PNG under <c>artifacts/dashboard/</c> (git-ignored), kept from every run.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryFiles.Root, "artifacts", "dashboard", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        if (Directory.Exists(_profile))
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}
