using System.Text;
using AccountSnapshots.Functions;
using AccountSnapshots.Tests.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Functions;

/// <summary><see cref="DashboardFunctions"/> created from the Functions app's own container and invoked with a real <see cref="HttpContext"/>.</summary>
public sealed class DashboardFunctionsTests : IAsyncLifetime
{
    private FunctionsAppHost _app = null!;

    public async Task InitializeAsync() => _app = await FunctionsAppHost.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GetOpenApi_serves_the_embedded_document_and_304_to_its_ETag()
    {
        var functions = ActivatorUtilities.CreateInstance<DashboardFunctions>(_app.Services);

        var (context, result, body) = await InvokeAsync(functions.GetOpenApiAsync, null);
        var eTag = context.Response.Headers.ETag.ToString();
        var (again, _, empty) = await InvokeAsync(functions.GetOpenApiAsync, eTag);

        Assert.IsType<EmptyResult>(result);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(OpenApiContract.ReadEmbedded(), Encoding.UTF8.GetString(body));
        Assert.Equal(StatusCodes.Status304NotModified, again.Response.StatusCode);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task GetDashboard_serves_the_page_with_a_policy_that_allows_only_its_own_script_and_style()
    {
        var functions = ActivatorUtilities.CreateInstance<DashboardFunctions>(_app.Services);

        var (context, _, body) = await InvokeAsync(functions.GetDashboardAsync, null);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", context.Response.ContentType);
        var policy = context.Response.Headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("default-src 'none'; script-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        var html = Encoding.UTF8.GetString(body);
        // Nothing loaded from elsewhere: no CDN script or style, no web font, no remote image.
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(html, "(src|href)=\"(?!data:)[^\"]*\""));
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
    }

    private async Task<(HttpContext Context, IActionResult Result, byte[] Body)> InvokeAsync(Func<HttpRequest, Task<IActionResult>> function, string? ifNoneMatch)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/x";
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var result = await function(context.Request);
        await context.Response.CompleteAsync();
        return (context, result, body.ToArray());
    }
}
