using System.Globalization;
using System.Net;
using System.Text;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>Who gets in, against the serve composition on Kestrel with real data stored: keys, health, CORS.</summary>
public sealed class AccessTests
{
    private static readonly DateTimeOffset Slot = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_a_configured_key_reads_the_aggregate_health_reveals_no_data_and_cors_is_off_unless_configured()
    {
        await using var host = await ServeTestHost.StartAsync(scheduler: false);
        foreach (var source in SourceNames.All)
        {
            Assert.Equal(SnapshotRunStatus.Succeeded, (await host.Runner.RunAsync(source, SnapshotSlot.Scheduled(Slot), CancellationToken.None)).Status);
        }

        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var aggregate = (await ReliabilityHost.ReadAggregateAsync(host.Store))!;
        var rows = new List<IReadOnlyList<string>>();

        async Task<HttpResponseMessage> Send(string name, string path, Action<HttpRequestMessage>? configure, HttpStatusCode expected, HttpMethod? method = null)
        {
            var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
            configure?.Invoke(request);
            var response = await client.SendAsync(request);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "none";
            var acao = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) ? string.Join(",", origins) : "none";
            rows.Add([name, $"`{(int)response.StatusCode}`", contentType, acao]);
            Assert.Equal(expected, response.StatusCode);
            return response;
        }

        const string Latest = "api/accounts/latest";
        using (var none = await Send("no key", Latest, null, HttpStatusCode.Unauthorized))
        {
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }

        foreach (var (name, key) in new[] { ("wrong key", "wrong-key"), ("key with a trailing character", ReliabilityHttp.ApiKey + "x"), ("key prefix", ReliabilityHttp.ApiKey[..10]), ("key in another case", ReliabilityHttp.ApiKey.ToUpperInvariant()) })
        {
            using var wrong = await Send(name + " (header)", Latest, r => r.Headers.Add("x-functions-key", key), HttpStatusCode.Unauthorized);
            var body = await wrong.Content.ReadAsStringAsync();
            Assert.DoesNotContain(key, body, StringComparison.Ordinal);
            using var wrongQuery = await Send(name + " (?code=)", $"{Latest}?code={Uri.EscapeDataString(key)}", null, HttpStatusCode.Unauthorized);
        }

        using (await Send("wrong key in Authorization: Bearer", Latest, r => r.Headers.Add("Authorization", "Bearer " + ReliabilityHttp.ApiKey), HttpStatusCode.Unauthorized))
        {
        }

        using (await Send("right key (header)", Latest, r => r.Headers.Add("x-functions-key", ReliabilityHttp.ApiKey), HttpStatusCode.OK))
        {
        }

        using (await Send("right key (?code=)", $"{Latest}?code={ReliabilityHttp.ApiKey}", null, HttpStatusCode.OK))
        {
        }

        using (var health = await Send("health, no key", "api/health", null, HttpStatusCode.OK))
        {
            var text = await health.Content.ReadAsStringAsync();
            foreach (var account in aggregate.Accounts)
            {
                Assert.DoesNotContain(account.Id, text, StringComparison.Ordinal);
                if (!string.IsNullOrEmpty(account.Name))
                {
                    Assert.DoesNotContain(account.Name, text, StringComparison.Ordinal);
                }

                if (account.UsdAmount is { Length: > 3 } usd)
                {
                    Assert.DoesNotContain(usd, text, StringComparison.Ordinal);
                }
            }

            Assert.DoesNotContain("amount", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("name", text, StringComparison.OrdinalIgnoreCase);
        }

        // CORS is off: no Access-Control-Allow-Origin for any origin, and a preflight is not answered as one.
        using (var cors = await Send("Origin: https://evil.example, right key", Latest, r =>
        {
            r.Headers.Add("Origin", "https://evil.example");
            r.Headers.Add("x-functions-key", ReliabilityHttp.ApiKey);
        }, HttpStatusCode.OK))
        {
            Assert.False(cors.Headers.Contains("Access-Control-Allow-Origin"));
        }

        using (var preflight = await Send("preflight OPTIONS from https://evil.example", Latest, r =>
        {
            r.Headers.Add("Origin", "https://evil.example");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        }, HttpStatusCode.MethodNotAllowed, HttpMethod.Options))
        {
            Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        }

        await host.AssertNoSecretsLeakedAsync();
        Assert.DoesNotContain(host.Logs, l => l.Contains(ReliabilityHttp.ApiKey, StringComparison.Ordinal));

        // Configured: only the listed origin is allowed, and the key is still required.
        await using var withCors = await ServeTestHost.StartAsync(s => s["Api:CorsOrigins:0"] = "https://dash.example", scheduler: false);
        using var corsClient = new HttpClient { BaseAddress = withCors.BaseAddress };
        foreach (var (origin, allowed) in new[] { ("https://dash.example", true), ("https://evil.example", false), ("https://dash.example.evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, Latest);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            using var answer = await corsClient.SendAsync(preflight);
            var acao = answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
            rows.Add([$"CorsOrigins=https://dash.example: preflight from {origin}", $"`{(int)answer.StatusCode}`", "none", acao ?? "none"]);
            Assert.Equal(allowed ? origin : null, acao);

            using var noKey = new HttpRequestMessage(HttpMethod.Get, Latest);
            noKey.Headers.Add("Origin", origin);
            using var refused = await corsClient.SendAsync(noKey);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var section = new StringBuilder(ReliabilityReport.Table(["Request", "Status", "Content type", "Access-Control-Allow-Origin"], rows));
        section.Append(CultureInfo.InvariantCulture, $"\n`/api/health` was checked against all {aggregate.Accounts.Count} stored accounts: no id, name or USD amount appears in it.\n");
        ReliabilityReport.WriteSection("access", section.ToString());
    }
}
