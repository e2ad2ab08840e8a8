using System.Net;
using System.Net.Http.Headers;
using AccountSnapshots.Tests.Api.Dashboard;
using AccountSnapshots.Tests.Reliability;

namespace AccountSnapshots.Tests.Api.OpenApi;

/// <summary>
/// Every route of <c>serve</c>, over a week of generated history, answers as the OpenAPI document says: each response
/// (200 JSON and CSV, compressed, 304, 400, 401, 405) is checked by the host's conformance middleware, and the
/// document itself is served byte for byte at <c>/api/openapi.json</c> without a key.
/// </summary>
[Collection(DashboardHistoryDefinition.Name)]
public sealed class OpenApiConformanceTests(DashboardHistoryFixture fixture)
{
    [Fact]
    public async Task Every_documented_route_answers_as_documented_on_serve_with_a_week_of_history()
    {
        var host = fixture.Host;
        var from = fixture.End.AddDays(-7).ToUnixTimeMilliseconds();
        var to = fixture.End.AddHours(1).ToUnixTimeMilliseconds();
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", ReliabilityHttp.ApiKey);
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var requests = new (HttpClient Client, string Path, string? Accept, HttpStatusCode Expected)[]
        {
            (client, "api/accounts/latest", null, HttpStatusCode.OK),
            (client, "api/accounts/latest?format=csv", null, HttpStatusCode.OK),
            (client, "api/accounts/latest?source=threecommas&alertsOnly=true", null, HttpStatusCode.OK),
            (client, $"api/accounts/latest?at={fixture.End.AddDays(-3):yyyy-MM-ddTHH:mm:ssZ}", null, HttpStatusCode.OK),
            (client, $"api/accounts/latest?at={fixture.End.AddDays(-3).ToUnixTimeSeconds()}&format=csv", null, HttpStatusCode.OK),
            (client, "api/accounts/latest?format=xml", null, HttpStatusCode.BadRequest),
            (client, $"api/accounts/history?from={from}&to={to}", null, HttpStatusCode.OK),
            (client, $"api/accounts/history?from={from}&to={to}&level=account&step=1d", null, HttpStatusCode.OK),
            (client, $"api/accounts/history?from={from}&to={to}&level=client&step=6h", "text/csv", HttpStatusCode.OK),
            (client, "api/accounts/history?step=7x", null, HttpStatusCode.BadRequest),
            (client, $"api/accounts/changes?from={from}&to={to}&level=account", null, HttpStatusCode.OK),
            (client, $"api/accounts/changes?from={from}&to={to}&level=client&minChange=1&limit=5&format=csv", null, HttpStatusCode.OK),
            (client, "api/accounts/changes?step=1h", null, HttpStatusCode.BadRequest),
            (client, $"api/events?from={from}&to={to}", null, HttpStatusCode.OK),
            (client, $"api/events?from={from}&to={to}&format=csv", null, HttpStatusCode.OK),
            (client, "api/events?kind=nonsense", null, HttpStatusCode.BadRequest),
            (client, "api/dashboard", null, HttpStatusCode.OK),
            (anonymous, "api/health", null, HttpStatusCode.OK),
            (anonymous, "api/openapi.json", null, HttpStatusCode.OK),
            (anonymous, "api/accounts/latest", null, HttpStatusCode.Unauthorized),
            (anonymous, $"api/accounts/history?from={from}", null, HttpStatusCode.Unauthorized),
            (anonymous, "api/accounts/changes", null, HttpStatusCode.Unauthorized),
            (anonymous, "api/events", null, HttpStatusCode.Unauthorized),
            (anonymous, "api/dashboard", null, HttpStatusCode.Unauthorized),
        };

        foreach (var (sender, path, accept, expected) in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            using var response = await sender.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode}, expected {(int)expected}");
        }

        // Compressed, revalidated, HEAD and a method no route allows.
        using var compressed = new HttpRequestMessage(HttpMethod.Get, "api/accounts/latest");
        compressed.Headers.AcceptEncoding.ParseAdd("br");
        using var brotli = await client.SendAsync(compressed);
        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        foreach (var path in new[] { "api/accounts/latest", "api/openapi.json", "api/dashboard" })
        {
            using var first = await client.GetAsync(path);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        using var post = await client.PostAsync("api/events", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);

        Assert.True(host.ContractViolations.IsEmpty, string.Join('\n', host.ContractViolations.Take(20)));
        var answered = host.CheckedOperations.ToList();
        foreach (var path in OpenApiContract.Product.Operations.Keys)
        {
            Assert.Contains(answered, a => a.StartsWith($"GET {path} 200 ", StringComparison.Ordinal));
        }

        foreach (var status in new[] { 304, 400, 401 })
        {
            Assert.Contains(answered, a => a.Contains($" {status} ", StringComparison.Ordinal));
        }

        foreach (var media in new[] { "application/json", "text/csv", "text/html", "application/problem+json" })
        {
            Assert.Contains(answered, a => a.EndsWith(" " + media, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_served_document_is_the_repository_file_and_a_drifted_schema_is_caught_on_a_real_response()
    {
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", ReliabilityHttp.ApiKey);

        var served = await client.GetStringAsync("api/openapi.json");
        using var history = await client.GetAsync($"api/accounts/history?from={fixture.End.AddDays(-1).ToUnixTimeMilliseconds()}&step=6h");
        var body = await history.Content.ReadAsByteArrayAsync();

        Assert.Equal(Deployment.RepositoryFiles.ReadAllText(Path.Combine("src", "AccountSnapshots", "Api", "OpenApi", "openapi.json")), served);
        Assert.Empty(OpenApiContract.Product.Check("GET", "/api/accounts/history", 200, history.Content.Headers.ContentType?.ToString(), null, body));

        // The same real response against a document that says amounts are numbers: the check must fail.
        var drifted = new OpenApiContract(served.Replace(
            "\"ExactDecimal\": {\n        \"type\": \"string\"", "\"ExactDecimal\": {\n        \"type\": \"number\"", StringComparison.Ordinal));
        Assert.NotEmpty(drifted.Check("GET", "/api/accounts/history", 200, history.Content.Headers.ContentType?.ToString(), null, body));
    }
}
