using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// Hostile bodies served with a 2xx by the stand-ins, end to end through the runner and the file store: the source
/// fails as <c>invalidResponse</c> as a whole (the clients never skip a bad account), the aggregate never holds a
/// partial list, the previous good data and <c>latest/{source}.json</c> stay, and nothing secret lands in a log or
/// a stored document (the hostile 3Commas bodies carry the real exchange api keys in clear).
/// </summary>
public sealed class HostileUpstreamDataTests
{
    private const string Placeholder = "__HOSTILE__";
    private static readonly DateTimeOffset FirstSlot = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);
    private static readonly string TenMegabytes = new('7', 10 * 1024 * 1024);
    private static readonly string DeepNesting = new string('[', 10_000) + new string(']', 10_000);

    [Fact]
    public async Task Hostile_bodies_fail_the_whole_source_as_invalid_response_and_keep_the_previous_good_data()
    {
        await using var host = await ReliabilityHost.StartAsync();
        using var http = new HttpClient();
        var conduit = JsonNode.Parse(await FetchConduitAsync(http, host.Sandbox))!;
        var threeCommas = JsonNode.Parse(await FetchThreeCommasAsync(http, host.Sandbox))!;

        var cases = new List<(string Source, string Name, string Body, string ContentType)>();
        void Conduit(string name, Action<JsonNode> mutate, string? replacement = null) =>
            cases.Add((SourceNames.Conduit, name, Mutated(conduit, mutate, replacement), "application/json"));
        void ThreeCommas(string name, Action<JsonNode> mutate, string? replacement = null) =>
            cases.Add((SourceNames.ThreeCommas, name, Mutated(threeCommas, mutate, replacement), "application/json"));

        Conduit("malformed JSON", _ => { }, null);
        cases[^1] = cases[^1] with { Body = cases[^1].Body[..(cases[^1].Body.Length / 3)] + ",,}" };
        Conduit("wrong type: balances is a string", n => n["data"]![0]!["balances"] = "lots");
        Conduit("wrong type: amount is an object", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = new JsonObject { ["value"] = 1 });
        Conduit("wrong type: amount is true", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = true);
        Conduit("huge number: amount 1e999999999", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = Placeholder, "1e999999999");
        Conduit("huge number: 5,000-digit amount", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = Placeholder, new string('9', 5000));
        Conduit("10 MB string as an amount", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = TenMegabytes);
        Conduit("amount \"NaN\"", n => n["data"]![0]!["balances"]!["available"]![0]!["amount"] = "NaN");
        Conduit("deep nesting (10,000 levels) in an ignored field", n => n["data"]![0]!["createdAt"] = Placeholder, DeepNesting);
        Conduit("duplicate accountId", n => n["data"]![1]!["accountId"] = n["data"]![0]!["accountId"]!.GetValue<string>());
        Conduit("missing id", n => n["data"]![0]!.AsObject().Remove("id"));
        Conduit("missing balances", n => n["data"]![0]!.AsObject().Remove("balances"));
        Conduit("data is null", n => n["data"] = null);
        Conduit("top level is an array", _ => { }, null);
        cases[^1] = cases[^1] with { Body = "[" + cases[^1].Body + "]" };
        cases.Add((SourceNames.Conduit, "empty body", "", "application/json"));
        cases.Add((SourceNames.Conduit, "2xx HTML page", "<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html"));

        ThreeCommas("malformed JSON", _ => { }, null);
        cases[^1] = cases[^1] with { Body = cases[^1].Body[..(cases[^1].Body.Length / 3)] + ",,]" };
        ThreeCommas("wrong type: id is an object", n => n[0]!["id"] = new JsonObject());
        ThreeCommas("wrong type: usd_amount is an object", n => n[0]!["usd_amount"] = new JsonObject { ["value"] = 1 });
        ThreeCommas("wrong type: api_key_invalid is a string", n => n[0]!["api_key_invalid"] = "yes");
        ThreeCommas("huge number: usd_amount 1e999999999", n => n[0]!["usd_amount"] = Placeholder, "1e999999999");
        ThreeCommas("10 MB string as usd_amount", n => n[0]!["usd_amount"] = TenMegabytes);
        ThreeCommas("deep nesting (10,000 levels) in an ignored field", n => n[0]!["market_icon"] = Placeholder, DeepNesting);
        ThreeCommas("duplicate account id", n => n[1]!["id"] = n[0]!["id"]!.GetValue<long>());
        ThreeCommas("missing id", n => n[0]!.AsObject().Remove("id"));
        ThreeCommas("top level is an object", _ => { }, null);
        cases[^1] = cases[^1] with { Body = "{\"accounts\":" + cases[^1].Body + "}" };
        cases.Add((SourceNames.ThreeCommas, "empty body", "", "application/json"));
        cases.Add((SourceNames.ThreeCommas, "2xx HTML page", "<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html"));

        var slot = FirstSlot;
        var table = new List<IReadOnlyList<string>>();
        var failures = new List<string>();
        foreach (var (source, name, body, contentType) in cases)
        {
            SandboxApi api = source == SourceNames.Conduit ? host.Sandbox.Conduit : host.Sandbox.ThreeCommas;
            api.Faults.Clear();
            Assert.Equal(SnapshotRunStatus.Succeeded, (await host.RunAsync(source, slot)).Status);
            var before = (await host.AggregateAsync())!;
            var latestBefore = (await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.ToArray();
            slot = slot.AddMinutes(1);

            api.Faults.Enqueue(SandboxFault.WithBody(body, 200, contentType) with { Persistent = true });
            var result = await host.RunAsync(source, slot);
            api.Faults.Clear();
            var after = (await host.AggregateAsync())!;
            var document = (await host.SnapshotAsync(SnapshotPaths.Snapshot(source, slot)))!;
            var latestAfter = (await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.ToArray();
            slot = slot.AddMinutes(1);

            var kind = result.Error is null ? "ok" : UpstreamFailures.KindName(result.Error.Kind);
            var kept = after.Accounts.Where(a => a.Source == source).Select(a => a.Id).SequenceEqual(before.Accounts.Where(a => a.Source == source).Select(a => a.Id));
            var status = after.Sources.Single(s => s.Source == source);
            if (kind != "invalidResponse" || !kept || document.Accounts.Count != 0 || !latestBefore.AsSpan().SequenceEqual(latestAfter) || status.Status != SourceStatusValues.Stale)
            {
                failures.Add($"{source} / {name}: run {kind}, kept {kept}, document accounts {document.Accounts.Count}, status {status.Status}: {result.Error?.Message}");
            }

            var message = result.Error?.Message ?? "";
            table.Add(
            [
                source,
                name,
                string.Create(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(body):N0}"),
                $"`{kind}`",
                status.Status,
                kept ? "yes" : "NO",
                document.Accounts.Count.ToString(CultureInfo.InvariantCulture),
                message.Length > 110 ? message[..110] + "…" : message,
            ]);
        }

        var scan = await host.AssertNoSecretsLeakedAsync();
        ReliabilityReport.WriteSection("hostile-upstream", ReliabilityReport.Table(
            ["Source", "Hostile 2xx body", "Bytes", "Run", "Aggregate status", "Previous accounts kept", "Accounts in failed document", "`lastError.message` (first 110 chars)"],
            table) + $"\nSecret scan after these runs: {scan}; none found.\n");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Mutated(JsonNode original, Action<JsonNode> mutate, string? replacement)
    {
        var copy = original.DeepClone();
        mutate(copy);
        var text = copy.ToJsonString();
        return replacement is null ? text : text.Replace($"\"{Placeholder}\"", replacement, StringComparison.Ordinal);
    }

    private static async Task<string> FetchConduitAsync(HttpClient http, SandboxServer sandbox)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.ConduitBaseUrl, "/clients/accounts"));
        request.Headers.Add("X-API-Key", sandbox.Credentials.ConduitApiKey);
        request.Headers.Add("X-API-Secret", sandbox.Credentials.ConduitApiSecret);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> FetchThreeCommasAsync(HttpClient http, SandboxServer sandbox)
    {
        const string Target = "/public/api/ver1/accounts?page=1&per_page=100";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.BaseUrl, Target));
        request.Headers.Add("APIKEY", sandbox.Credentials.ThreeCommasApiKey);
        request.Headers.Add("Signature", Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(sandbox.Credentials.ThreeCommasApiSecret), Encoding.UTF8.GetBytes(Target))));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
