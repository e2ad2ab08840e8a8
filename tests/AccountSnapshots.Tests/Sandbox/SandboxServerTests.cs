using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Sandbox;

namespace AccountSnapshots.Tests.Sandbox;

public sealed class SandboxServerTests
{
    [Fact]
    public async Task Serves_both_apis_on_one_loopback_port()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal($"http://127.0.0.1:{server.BaseUrl.Port}/", server.ConduitBaseUrl.ToString());
        Assert.Equal($"http://127.0.0.1:{server.BaseUrl.Port}/public/api", server.ThreeCommasBaseUrl.ToString());
        Assert.Equal("sandbox-conduit-key", server.Credentials.ConduitApiKey);
        Assert.Equal("sandbox-3commas-secret", server.Credentials.ThreeCommasApiSecret);
    }

    [Fact]
    public async Task Answers_a_wrong_conduit_secret_with_401_in_conduit_error_shape_and_a_correlation_id()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.ConduitBaseUrl, "clients/accounts"));
        request.Headers.Add("X-API-Key", server.Credentials.ConduitApiKey);
        request.Headers.Add("X-API-Secret", "wrong");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.Contains("x-correlation-id"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("API_KEY_INVALID", body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.True(body.RootElement.GetProperty("errors")[0].TryGetProperty("detail", out _));
    }

    [Theory]
    [InlineData("page=1&per_page=101", HttpStatusCode.BadRequest)]
    [InlineData("page=1&per_page=0", HttpStatusCode.BadRequest)]
    [InlineData("page=0&per_page=10", HttpStatusCode.BadRequest)]
    [InlineData("page=1&per_page=100", HttpStatusCode.OK)]
    [InlineData("page=2&per_page=1", HttpStatusCode.OK)]
    public async Task Enforces_3commas_paging_limits(string query, HttpStatusCode expected)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);

        using var response = await SendThreeCommasAsync(server, "/public/api/ver1/accounts?" + query, server.Credentials.ThreeCommasApiSecret);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Verifies_the_3commas_signature_over_the_exact_received_path_and_query()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        var secret = server.Credentials.ThreeCommasApiSecret;

        using var signedOtherOrder = await SendThreeCommasAsync(server, "/public/api/ver1/accounts?page=1&per_page=100", secret, signed: "/public/api/ver1/accounts?per_page=100&page=1");
        using var signedWithoutPrefix = await SendThreeCommasAsync(server, "/public/api/ver1/accounts?page=1&per_page=100", secret, signed: "/ver1/accounts?page=1&per_page=100");
        using var wrongSecret = await SendThreeCommasAsync(server, "/public/api/ver1/accounts?page=1&per_page=100", "wrong");

        foreach (var response in new[] { signedOtherOrder, signedWithoutPrefix, wrongSecret })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"error":"signature_invalid","error_description":"Provided signature is invalid"}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Generates_the_same_data_for_the_same_seed()
    {
        await using var first = await SandboxServer.StartAsync(new SandboxOptions { Seed = 7 }, CancellationToken.None);
        await using var second = await SandboxServer.StartAsync(new SandboxOptions { Seed = 7 }, CancellationToken.None);
        await using var other = await SandboxServer.StartAsync(new SandboxOptions { Seed = 8 }, CancellationToken.None);

        var a = await GetConduitBodyAsync(first);
        var b = await GetConduitBodyAsync(second);
        var c = await GetConduitBodyAsync(other);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task Logs_requests_without_headers_and_applies_one_shot_then_persistent_faults()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Faults = ["conduit:503"] }, CancellationToken.None);
        server.Conduit.Faults.Persistent = SandboxFault.Status(502);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await SendConduitAsync(server);
            statuses.Add(response.StatusCode);
        }

        server.Conduit.Faults.Clear();
        using (var response = await SendConduitAsync(server))
        {
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
        Assert.Equal([503, 502, 200], server.Conduit.Requests.Select(request => request.StatusCode));
        Assert.All(server.Conduit.Requests, request => Assert.Equal("/clients/accounts", request.PathAndQuery));
        Assert.Equal(0, server.ThreeCommas.RequestCount);
    }

    [Fact]
    public async Task Refuses_bad_fault_strings_at_start()
    {
        await Assert.ThrowsAsync<FormatException>(() => SandboxServer.StartAsync(new SandboxOptions { Faults = ["conduit:nope"] }, CancellationToken.None));
    }

    private static async Task<string> GetConduitBodyAsync(SandboxServer server)
    {
        using var response = await SendConduitAsync(server);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> SendConduitAsync(SandboxServer server)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.ConduitBaseUrl, "clients/accounts"));
        request.Headers.Add("X-API-Key", server.Credentials.ConduitApiKey);
        request.Headers.Add("X-API-Secret", server.Credentials.ConduitApiSecret);
        request.Headers.Add("Api-Version", "2024-12-01");
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendThreeCommasAsync(SandboxServer server, string pathAndQuery, string secret, string? signed = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.ConduitBaseUrl, pathAndQuery));
        request.Headers.Add("APIKEY", server.Credentials.ThreeCommasApiKey);
        request.Headers.Add("Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed ?? pathAndQuery))));
        request.Headers.Add("Forced-Mode", "real");
        return await client.SendAsync(request);
    }
}
