using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Api.Dashboard;

/// <summary>
/// <c>GET|HEAD /api/dashboard</c>: the status page, one self-contained HTML file compiled into the core
/// (<c>Api/Dashboard/dashboard.html</c>). The page holds no data: its script reads the JSON routes with the key the
/// page was opened with, so the host's key check on this route only keeps the page from strangers.
/// </summary>
public sealed partial class DashboardHandler
{
    /// <summary>The route, under the hosts' <c>api</c> prefix.</summary>
    public const string Route = "/api/dashboard";

    /// <summary>The manifest resource name of the page.</summary>
    internal const string ResourceName = "AccountSnapshots.Api.Dashboard.dashboard.html";

    private readonly EmbeddedAsset _page = EmbeddedAsset.Load(ResourceName);
    private readonly ILogger _logger;

    internal DashboardHandler(ILogger<DashboardHandler> logger)
    {
        _logger = logger;
        ContentSecurityPolicy = BuildContentSecurityPolicy(Encoding.UTF8.GetString(_page.Content));
    }

    /// <summary>
    /// Only the page's own inline script and style (by hash), and requests to this origin: an injected script or a
    /// request elsewhere is refused by the browser, so the key in the URL can only reach this API.
    /// </summary>
    internal string ContentSecurityPolicy { get; }

    /// <summary>Writes the page; 304 on a matching If-None-Match.</summary>
    public Task HandleDashboardAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;

        // The page's address carries the key (?code=): no referrer may carry it anywhere, and no frame may hold it.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return _page.WriteAsync(context, "text/html; charset=utf-8", "private, no-cache");
    });

    internal static string BuildContentSecurityPolicy(string html)
    {
        var scripts = ScriptElement().Matches(html).Select(m => Hash(m.Groups[1].Value)).ToList();
        var styles = StyleElement().Matches(html).Select(m => Hash(m.Groups[1].Value)).ToList();
        if (scripts.Count == 0 || styles.Count == 0)
        {
            throw new InvalidOperationException("The status page must hold its script and its style inline.");
        }

        return string.Join("; ",
            "default-src 'none'",
            "script-src " + string.Join(' ', scripts),
            "style-src " + string.Join(' ', styles),
            "connect-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
    }

    private static string Hash(string content) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex StyleElement();
}
