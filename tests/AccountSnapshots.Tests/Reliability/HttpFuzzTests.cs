using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// A bounded, deterministic fuzz of the serve host's HTTP API on real Kestrel: random methods, paths, query strings,
/// headers and bodies. No 5xx, every 4xx is problem+json, and the slowest answer stays far below a generous bound.
/// </summary>
public sealed class HttpFuzzTests
{
    private const int Seed = 20261121;
    private const int Requests = 10_000;
    private static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(5);

    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "GET", "HEAD", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "X-FUZZ"];
    private static readonly string[] Paths =
    [
        "/api/accounts/latest", "/api/accounts/latest", "/api/accounts/latest", "/api/health", "/api/health", "/", "/api", "/api/accounts",
        "/API/ACCOUNTS/LATEST", "/api/accounts/latest/", "//api//accounts//latest", "/api/accounts/latest/../latest", "/api/accounts/%2e%2e/latest",
        "/api/accounts/latest%00", "/api/accounts/latest;x=1", "/api/accounts/latest.json", "/api/health/..%2f..%2fetc%2fpasswd", "/%ff%fe",
        "/api/accounts/%E2%82%AC", "/favicon.ico", "/.env", "/api/accounts/latest/extra/segments", "/admin",
    ];

    private static readonly string[] QueryKeys = ["format", "source", "asset", "alerts", "code", "unknown", "FORMAT", "format[]", ""];
    private static readonly string[] QueryValues =
    [
        "json", "csv", "JSON", "xml", "", "conduit", "threecommas", "CONDUIT", "nope", "USDC", "USD", "BTC", "u$d", "true", "false", "TRUE", "1",
        "%00", "%FF%FE", "%3Cscript%3E", "'%20OR%201=1", "..%2F..", "%E2%80%AE", new string('A', 300), "-1", "1e999999", ReliabilityHttp.ApiKey, "wrong-key",
    ];

    private static readonly string[] HeaderValues =
    [
        "", " ", "*", "\"abc\"", "W/\"x\"", "\"\"", "garbage", "application/json", "text/csv", "*/*", "application/xml", "text/html;q=0.1",
        "bytes=0-10", "https://evil.example", "null", new string('x', 2000), "\u00e9t\u00e9", "1, 2, 3",
    ];

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_and_every_4xx_is_problem_json()
    {
        await using var host = await ServeTestHost.StartAsync(scheduler: false);
        var slot = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        foreach (var source in SourceNames.All)
        {
            Assert.Equal(SnapshotRunStatus.Succeeded, (await host.Runner.RunAsync(source, SnapshotSlot.Scheduled(slot), CancellationToken.None)).Status);
        }

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 16,
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1
        };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(Seed);
        var plans = Enumerable.Range(0, Requests).Select(_ => Plan(random)).ToList();
        var latencies = new double[Requests];
        var statuses = new int[Requests];
        var violations = new List<string>();
        var kestrelRejections = 0;
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var plan = plans[i];
            using var request = plan.Build(host.BaseAddress);
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            latencies[i] = watch.Elapsed.TotalMilliseconds;
            var status = (int)response.StatusCode;
            statuses[i] = status;
            if (IsKestrelRejection(response, body))
            {
                Interlocked.Increment(ref kestrelRejections);
            }

            var problem = Check(plan, response, body);
            if (problem is not null)
            {
                lock (violations)
                {
                    violations.Add($"#{i} {plan}: {status}: {problem} [{string.Join("; ", plan.Headers.Select(h => h.Name + "=" + (h.Value.Length > 30 ? h.Value[..30] : h.Value)))}] body {plan.Body?.Length}");
                }
            }
        });
        total.Stop();

        var sorted = latencies.Order().ToArray();
        var p50 = sorted[sorted.Length / 2];
        var p99 = sorted[(int)(sorted.Length * 0.99)];
        var max = sorted[^1];
        var distribution = statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count():N0}");
        var scan = await host.AssertNoSecretsLeakedAsync();
        var keyLines = host.Logs.Count(l => l.Contains(ReliabilityHttp.ApiKey, StringComparison.Ordinal));
        ReliabilityReport.WriteSection("http-fuzz", string.Create(CultureInfo.InvariantCulture, $"""
            Seed {Seed}, {Requests:N0} requests, 8 in parallel, against the serve composition on Kestrel 127.0.0.1 (both sources snapshotted first), in {total.Elapsed.TotalSeconds:F1} s.

            - Status distribution: {string.Join(", ", distribution)}.
            - 5xx: {statuses.Count(s => s >= 500)}; 4xx that were not problem+json: {violations.Count}. Of the 400s, {kestrelRejections:N0} were Kestrel refusing to parse the request (a non-ASCII header value or a NUL in the path: empty 400, connection closed, before any application code runs); every other 4xx came from the API as problem+json with the matching `status`.
            - Latency (client side, loopback, includes the other tests of the suite running in parallel): p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms (asserted bound: {GenerousBound.TotalSeconds:F0} s).
            - Secret scan of the host's log lines (Information level, as `serve --verbose`) and stored documents: {scan}; none found. Log lines holding the API key itself: {keyLines}.
            """));
        Assert.True(keyLines == 0, string.Join("\n", host.Logs.Where(l => l.Contains(ReliabilityHttp.ApiKey, StringComparison.Ordinal)).Select(l => l.Length > 200 ? l[..200] : l).Distinct().Take(5)));
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.True(max < GenerousBound.TotalMilliseconds, $"slowest answer {max:F0} ms");
    }

    private static string? Check(FuzzPlan plan, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error";
        }

        if (status < 400)
        {
            return null;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (IsKestrelRejection(response, body))
        {
            return null;
        }

        if (contentType != "application/problem+json")
        {
            return $"content type {contentType ?? "none"}";
        }

        if (plan.Method == "HEAD")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status ? null : "problem without the matching status";
        }
        catch (JsonException ex)
        {
            return "problem body is not JSON: " + ex.Message;
        }
    }

    /// <summary>
    /// Kestrel answers a request it cannot parse (a non-ASCII header value, a NUL in the path) with an empty 400 and
    /// closes the connection before any application code runs; the API never sees it, so it cannot be problem+json.
    /// </summary>
    private static bool IsKestrelRejection(HttpResponseMessage response, byte[] body) =>
        response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0 && response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;

    private static FuzzPlan Plan(Random random)
    {
        var method = Methods[random.Next(Methods.Length)];
        var path = Paths[random.Next(Paths.Length)];
        if (random.Next(10) == 0)
        {
            path += "/" + RandomSegment(random);
        }

        var query = new StringBuilder();
        for (var i = random.Next(5); i > 0; i--)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(QueryKeys[random.Next(QueryKeys.Length)]).Append('=').Append(QueryValues[random.Next(QueryValues.Length)]);
        }

        var headers = new List<(string, string)>();
        var key = random.Next(6) switch
        {
            0 => null,
            1 => "wrong-key",
            2 => "",
            3 => ReliabilityHttp.ApiKey + " ",
            _ => ReliabilityHttp.ApiKey,
        };
        if (key is not null)
        {
            headers.Add(("x-functions-key", key));
        }

        string[] names = ["If-None-Match", "Accept", "Origin", "Range", "Authorization", "X-Forwarded-For", "Access-Control-Request-Method", "If-Modified-Since", "Cookie"];
        for (var i = random.Next(4); i > 0; i--)
        {
            headers.Add((names[random.Next(names.Length)], HeaderValues[random.Next(HeaderValues.Length)]));
        }

        byte[]? body = null;
        if (method is not ("GET" or "HEAD" or "TRACE") && random.Next(2) == 0)
        {
            body = new byte[random.Next(4096)];
            random.NextBytes(body);
        }

        return new FuzzPlan(method, path + query, headers, body);
    }

    private static string RandomSegment(Random random)
    {
        const string Alphabet = "abcXYZ019-._~%20%2F%00%ff!$&'()*+,;=:@";
        return new string([.. Enumerable.Range(0, 1 + random.Next(40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
    }

    private sealed record FuzzPlan(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body)
    {
        public HttpRequestMessage Build(Uri server)
        {
            // Absolute and uncanonicalised, so "//api", "/../" and "%2e%2e" reach Kestrel as written.
            var uri = new Uri(server.GetLeftPart(UriPartial.Authority) + Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            var request = new HttpRequestMessage(new HttpMethod(Method), uri);
            foreach (var (name, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
            }

            return request;
        }

        public override string ToString() => $"{Method} {(Target.Length > 120 ? Target[..120] + "…" : Target)}";
    }
}
