using System.Net;
using System.Text;
using AccountSnapshots.Tests.Api.OpenApi;
using AccountSnapshots.Tests.FunctionsHost.Rpc;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>The status page, the OpenAPI document, and every route's answer through the worker checked against that document.</summary>
public sealed partial class FunctionsHostTests
{
    [Fact]
    public async Task The_OpenAPI_document_is_served_without_a_key_and_the_status_page_only_with_one()
    {
        await fixture.FirstRunsAsync();
        var host = fixture.Healthy.Host;

        var document = await host.SendAsync(HttpMethod.Get, "/api/openapi.json", null, CancellationToken.None);
        var refused = await host.SendAsync(HttpMethod.Get, "/api/dashboard", null, CancellationToken.None);
        var page = await host.SendAsync(HttpMethod.Get, "/api/dashboard?code=" + host.FunctionKey, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(StatusResult.Types.Status.Success, document.Invocation!.Result.Status);
        Assert.Equal(OpenApiContract.ReadEmbedded(), Encoding.UTF8.GetString(document.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(refused.Invocation); // the host refused it; the worker never saw the request
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.ContentHeaders.ContentType?.MediaType);
        Assert.Contains("script-src 'sha256-", string.Join(' ', page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("<!doctype html>", Encoding.UTF8.GetString(page.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_route_answers_through_the_worker_as_the_OpenAPI_document_says()
    {
        var runs = await fixture.FirstRunsAsync();
        var host = fixture.Healthy.Host;
        var slot = runs[AccountSnapshots.Upstream.SourceNames.Conduit].Occurrence;
        var range = $"from={slot.AddMinutes(10).ToUnixTimeMilliseconds()}&to={slot.AddDays(1).ToUnixTimeMilliseconds()}";
        var requests = new[]
        {
            $"/api/accounts/latest?code={host.FunctionKey}",
            $"/api/accounts/latest?format=csv&code={host.FunctionKey}",
            $"/api/accounts/history?{range}&code={host.FunctionKey}",
            $"/api/accounts/history?{range}&format=csv&code={host.FunctionKey}",
            $"/api/accounts/changes?{range}&code={host.FunctionKey}",
            $"/api/events?{range}&code={host.FunctionKey}",
            $"/api/events?level=nonsense&kind=nonsense&code={host.FunctionKey}",
            $"/api/dashboard?code={host.FunctionKey}",
            "/api/health",
            "/api/openapi.json",
        };

        var violations = new List<string>();
        foreach (var path in requests)
        {
            var response = await host.SendAsync(HttpMethod.Get, path, null, CancellationToken.None);
            Assert.NotNull(response.Invocation);
            violations.AddRange(OpenApiContract.Product.Check(
                "GET", path.Split('?')[0], (int)response.StatusCode, response.ContentHeaders.ContentType?.ToString(), string.Join(',', response.ContentHeaders.ContentEncoding), response.Body));
        }

        Assert.Empty(violations);
    }
}
