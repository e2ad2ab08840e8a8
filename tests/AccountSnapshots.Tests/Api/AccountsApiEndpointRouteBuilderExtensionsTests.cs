using System.Net;
using System.Text.Json;
using AccountSnapshots.Api;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Api;

/// <summary>The CLI host's mapping end to end over real Kestrel on 127.0.0.1 with an ephemeral port.</summary>
public sealed class AccountsApiEndpointRouteBuilderExtensionsTests
{
    [Fact]
    public async Task Serves_the_stored_bytes_over_kestrel_with_a_key_in_the_header()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);
        await host.StoreAsync(TestAggregates.Sample());
        var stored = TestAggregates.ToStoredBytes(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag!.ToString());
        Assert.Equal("private, no-cache", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Answers_304_over_kestrel()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);
        await host.StoreAsync(TestAggregates.Sample());
        using var first = await host.SendAsync("/api/accounts/latest");

        using var second = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Accepts_the_key_in_the_code_query_parameter()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var response = await host.SendAsync($"/api/accounts/latest?code={ApiTestHost.Key}", withKey: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("")]
    public async Task Answers_401_problem_json_without_the_right_key(string? key)
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);
        await host.StoreAsync(TestAggregates.Sample());

        using var viaHeader = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r =>
        {
            if (key is not null)
            {
                r.Headers.TryAddWithoutValidation("x-functions-key", key);
            }
        });
        using var viaQuery = await host.SendAsync($"/api/accounts/latest?code={key}", withKey: false);

        foreach (var response in new[] { viaHeader, viaQuery })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(401, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.DoesNotContain("Binance", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Accepts_every_key_of_a_comma_separated_list()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys"] = $"{ApiTestHost.Key} , {ApiTestHost.SecondKey}" };
        await using var host = await ApiTestHost.StartAsync(kestrel: true, settings: settings);

        using var second = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r => r.Headers.Add("x-functions-key", ApiTestHost.SecondKey));
        using var wrong = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r => r.Headers.Add("x-functions-key", $"{ApiTestHost.Key},{ApiTestHost.SecondKey}"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Accepts_every_key_of_a_configuration_array()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key, ["Api:Keys:1"] = ApiTestHost.SecondKey };
        await using var host = await ApiTestHost.StartAsync(settings: settings);

        using var response = await host.SendAsync($"/api/accounts/latest?code={ApiTestHost.SecondKey}", withKey: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Serves_without_a_key_when_anonymous_access_is_allowed()
    {
        await using var host = await ApiTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Api:AllowAnonymous"] = "true" });

        using var response = await host.SendAsync("/api/accounts/latest", withKey: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var response = await host.SendAsync("/api/health", withKey: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/accounts/latest")]
    [InlineData("DELETE", "/api/accounts/latest")]
    [InlineData("PUT", "/api/health")]
    public async Task Answers_405_with_allow_for_other_methods(string method, string path)
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var response = await host.SendAsync(path, new HttpMethod(method));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD", response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : response.Headers.NonValidated["Allow"].ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/accounts")]
    [InlineData("/api/accounts/latest/extra")]
    public async Task Answers_404_problem_json_for_any_other_path(string path)
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var response = await host.SendAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Refuses_to_map_without_keys_naming_Api_Keys()
    {
        var store = new CountingSnapshotStore(TestStores.Create());
        await using var app = ApiTestHost.Build(new Dictionary<string, string?>(), store, new FakeTimeProvider(ApiTestHost.DefaultNow), kestrel: false);

        var error = Assert.Throws<OptionsValidationException>(() => app.MapAccountSnapshotsApi());

        Assert.Contains("Api:Keys", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public async Task Refuses_a_key_shorter_than_32_characters_naming_its_position_not_its_value(string key)
    {
        var store = new CountingSnapshotStore(TestStores.Create());
        await using var app = ApiTestHost.Build(new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key, ["Api:Keys:1"] = key }, store, new FakeTimeProvider(ApiTestHost.DefaultNow), kestrel: false);

        var error = Assert.Throws<OptionsValidationException>(() => app.MapAccountSnapshotsApi());

        Assert.Contains("Api:Keys:1 is too short: a key must have at least 32 characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takes_an_array_key_that_contains_a_comma_whole_instead_of_splitting_it()
    {
        const string keyWithComma = "first-half-0123456789abcdef,second-half-0123456789abcdef";
        await using var host = await ApiTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Api:Keys:0"] = keyWithComma });

        using var whole = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r => r.Headers.Add("x-functions-key", keyWithComma));
        using var half = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r => r.Headers.Add("x-functions-key", "second-half-0123456789abcdef"));

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, half.StatusCode);
    }

    [Fact]
    public async Task Answers_401_when_a_request_presents_more_than_one_key_even_if_one_is_right()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var headerAndQuery = await host.SendAsync($"/api/accounts/latest?code=wrong-key-0123456789abcdef0123456789", withKey: true);
        using var twoQueries = await host.SendAsync($"/api/accounts/latest?code=wrong-key-0123456789abcdef0123456789&code={ApiTestHost.Key}", withKey: false);
        using var twoHeaders = await host.SendAsync("/api/accounts/latest", withKey: false, configure: r =>
        {
            r.Headers.Add("x-functions-key", "wrong-key-0123456789abcdef0123456789");
            r.Headers.Add("x-functions-key", ApiTestHost.Key);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, headerAndQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, twoQueries.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, twoHeaders.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("http://127.0.0.2:7071", true)]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://[::1]:7071", true)]
    [InlineData("http://127.0.0.1:7071;http://[::1]:7071", true)]
    [InlineData("http://0.0.0.0:7071", false)]
    [InlineData("http://*:7071", false)]
    [InlineData("http://+:7071", false)]
    [InlineData("http://[::]:7071", false)]
    [InlineData("http://192.168.1.5:7071", false)]
    [InlineData("http://127.0.0.1:7071;http://10.0.0.4:7071", false)]
    public void Allows_anonymous_access_only_when_every_listening_address_is_loopback(string urls, bool allowed)
    {
        var options = new ApiOptions { AllowAnonymous = true };

        var error = Record.Exception(() => ApiOptionsValidator.ValidateAnonymousListeners(options, urls.Split(';')));

        if (allowed)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains("Api:AllowAnonymous=true is accepted only when every listening address is loopback", Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Allows_cors_only_for_the_configured_origins()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key, ["Api:CorsOrigins:0"] = "https://dash.example.com" };
        await using var host = await ApiTestHost.StartAsync(kestrel: true, settings: settings);

        using var allowed = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.Add("Origin", "https://dash.example.com"));
        using var other = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.Add("Origin", "https://evil.example.com"));
        using var preflight = await host.SendAsync("/api/accounts/latest", HttpMethod.Options, withKey: false, configure: r =>
        {
            r.Headers.Add("Origin", "https://dash.example.com");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });

        Assert.Equal("https://dash.example.com", allowed.Headers.NonValidated["Access-Control-Allow-Origin"].ToString());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(["Origin", "Accept", "Accept-Encoding"], allowed.Headers.Vary);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        // A header list: ASP.NET Core's CORS middleware writes "GET,HEAD" where the hand-written CORS wrote "GET, HEAD".
        Assert.Equal(["GET", "HEAD"], preflight.Headers.NonValidated["Access-Control-Allow-Methods"].ToString().Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal("x-functions-key,If-None-Match,Accept", preflight.Headers.NonValidated["Access-Control-Allow-Headers"].ToString());
        Assert.Equal("600", preflight.Headers.NonValidated["Access-Control-Max-Age"].ToString());
        Assert.Equal("ETag,Last-Modified,Cache-Control", allowed.Headers.NonValidated["Access-Control-Expose-Headers"].ToString());
        Assert.Equal(["Origin", "Accept", "Accept-Encoding"], other.Headers.Vary);
    }

    [Fact]
    public async Task Names_origin_once_in_vary_when_several_origins_are_configured()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Api:Keys:0"] = ApiTestHost.Key,
            ["Api:CorsOrigins:0"] = "https://dash.example.com",
            ["Api:CorsOrigins:1"] = "https://status.example.com",
        };
        await using var host = await ApiTestHost.StartAsync(kestrel: true, settings: settings);

        using var allowed = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.Add("Origin", "https://status.example.com"));
        using var preflight = await host.SendAsync("/api/accounts/latest", HttpMethod.Options, withKey: false, configure: r =>
        {
            r.Headers.Add("Origin", "https://status.example.com");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });

        Assert.Equal("https://status.example.com", allowed.Headers.NonValidated["Access-Control-Allow-Origin"].ToString());
        Assert.Equal(["Origin", "Accept", "Accept-Encoding"], allowed.Headers.Vary);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["Origin"], preflight.Headers.Vary);
    }

    [Fact]
    public async Task Sends_no_cors_headers_when_no_origin_is_configured()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);

        using var response = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.Add("Origin", "https://dash.example.com"));
        using var preflight = await host.SendAsync("/api/accounts/latest", HttpMethod.Options, withKey: false, configure: r =>
        {
            r.Headers.Add("Origin", "https://dash.example.com");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, preflight.StatusCode);
    }

    [Fact]
    public async Task Odd_client_input_never_produces_a_server_error()
    {
        await using var host = await ApiTestHost.StartAsync(kestrel: true);
        await host.StoreAsync(TestAggregates.Sample());
        var huge = new string('x', 6000);
        var requests = new (string Path, Action<HttpRequestMessage>? Configure)[]
        {
            ($"/api/accounts/latest?source={huge}", null),
            ($"/api/accounts/latest?asset={huge}", null),
            ($"/api/accounts/latest?format=csv&format=csv&source=conduit&source=conduit", null),
            ("/api/accounts/latest?alertsOnly=true&alertsOnly=false", null),
            ("/api/accounts/latest?%00=1&source", null),
            ("/api/accounts/latest", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"unterminated, W/, , *x")),
            ("/api/accounts/latest", r => r.Headers.TryAddWithoutValidation("If-None-Match", string.Join(",", Enumerable.Repeat("\"a\"", 500)))),
            ("/api/accounts/latest", r => r.Headers.TryAddWithoutValidation("Accept", ";;;q=abc, text/csv;q=9, */*")),
            ("/api/accounts/latest", r => r.Headers.TryAddWithoutValidation("x-functions-key", huge)),
            ("/api/health?format=xml", r => r.Headers.TryAddWithoutValidation("Accept", "text/csv")),
        };

        foreach (var (path, configure) in requests)
        {
            using var response = await host.SendAsync(path, configure: configure);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Answers_500_problem_json_without_details_for_an_unhandled_exception()
    {
        var store = new CountingSnapshotStore(TestStores.Create());
        var clock = new BreakableClock();
        await using var app = ApiTestHost.Build(new Dictionary<string, string?> { ["Api:AllowAnonymous"] = "true" }, store, clock, kestrel: false);
        app.MapAccountSnapshotsApi();
        await app.StartAsync();
        using var client = app.GetTestClient();
        using var warm = await client.GetAsync(new Uri("/api/accounts/latest", UriKind.Relative));
        clock.Broken = true;

        using var response = await client.GetAsync(new Uri("/api/accounts/latest", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(BreakableClock.Detail, body, StringComparison.Ordinal);
        await app.StopAsync();
    }

    // A fault inside the API itself (not the store, which the cache absorbs), after a warm-up request succeeded.
    private sealed class BreakableClock : TimeProvider
    {
        public const string Detail = "internal detail that must not leak";

        public bool Broken { get; set; }

        public override DateTimeOffset GetUtcNow() => Broken ? throw new InvalidOperationException(Detail) : ApiTestHost.DefaultNow;
    }
}
