using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Sandbox;

/// <summary>
/// The sandbox's data as a function of time (what the demo's week of history is made of), read through the real
/// runner: same seed and moment, same bytes; amounts walk; the weekly cycle has its expired-and-repaired key, its
/// clients that come and go, and its one failed Conduit slot.
/// </summary>
public sealed class SandboxTimelineTests
{
    /// <summary>A Monday 00:00 UTC: the weekly cycle starts here (the timeline's epoch is a Monday).</summary>
    private static readonly DateTimeOffset s_week = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_same_seed_and_moment_give_the_same_bytes_and_a_later_moment_moves_the_amounts()
    {
        var moment = s_week.AddDays(2).AddHours(10);
        var first = await ConduitBodyAsync(moment);
        var again = await ConduitBodyAsync(moment);
        var nextSlot = await ConduitBodyAsync(moment.AddMinutes(15));
        var nextDay = await ConduitBodyAsync(moment.AddDays(1));

        Assert.Equal(first, again);
        Assert.NotEqual(first, nextSlot);
        var before = Amounts(first);
        var after = Amounts(nextDay);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.True(before.Count(kv => after[kv.Key] != kv.Value) > before.Count / 2, "most balances should move in a day");
    }

    [Fact]
    public async Task A_week_through_the_real_runner_has_the_expired_and_repaired_key_clients_that_come_and_go_and_one_failed_slot()
    {
        var clock = new SandboxClock();
        await using var host = await PipelineHost.StartAsync(sandboxOptions: new SandboxOptions { MovesWithTime = true, TimeProvider = clock });

        async Task<SnapshotRunResult> RunAsync(string source, DateTimeOffset slot)
        {
            clock.Pin(slot.AddSeconds(2));
            return await host.Runner.RunAsync(source, SnapshotSlot.Scheduled(slot), CancellationToken.None);
        }

        var expiringAccount = host.Sandbox.ThreeCommas.AccountId(5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var beforeExpiry = await RunAsync(SourceNames.ThreeCommas, s_week.AddDays(2).AddHours(2).AddMinutes(52));
        var expired = await RunAsync(SourceNames.ThreeCommas, s_week.AddDays(2).AddHours(3).AddMinutes(7));
        var repaired = await RunAsync(SourceNames.ThreeCommas, s_week.AddDays(3).AddHours(9).AddMinutes(7));
        Assert.DoesNotContain(beforeExpiry.Alerts, a => a.Kind == AlertKinds.ExchangeApiKeyInvalid && a.AccountId == expiringAccount);
        Assert.Contains(expired.Alerts, a => a.Kind == AlertKinds.ExchangeApiKeyInvalid && a.AccountId == expiringAccount && a.State == "expired");
        Assert.DoesNotContain(repaired.Alerts, a => a.Kind == AlertKinds.ExchangeApiKeyInvalid && a.AccountId == expiringAccount);

        var monday = await RunAsync(SourceNames.Conduit, s_week);
        var wednesday = await RunAsync(SourceNames.Conduit, s_week.AddDays(2));
        Assert.Equal(SnapshotRunStatus.Succeeded, monday.Status);
        Assert.Equal(SnapshotRunStatus.Succeeded, wednesday.Status);
        Assert.Equal(40, wednesday.Accounts);
        Assert.Equal(36, monday.Accounts);

        // Totals move with the balances: the product's exact check of totalBalances against the sum finds no gap.
        Assert.DoesNotContain(monday.Alerts.Concat(wednesday.Alerts), a => a.Kind == AlertKinds.TotalsMismatch);

        var beforeOutage = await RunAsync(SourceNames.Conduit, s_week.AddDays(4).AddHours(5).AddMinutes(45));
        var outage = await RunAsync(SourceNames.Conduit, s_week.AddDays(4).AddHours(6));
        var afterOutage = await RunAsync(SourceNames.Conduit, s_week.AddDays(4).AddHours(6).AddMinutes(15));
        Assert.Equal(SnapshotRunStatus.Succeeded, beforeOutage.Status);
        Assert.Equal(SnapshotRunStatus.Failed, outage.Status);
        Assert.Equal(UpstreamErrorKind.InvalidResponse, outage.Error!.Kind);
        Assert.Equal(SnapshotRunStatus.Succeeded, afterOutage.Status);
    }

    private static async Task<string> ConduitBodyAsync(DateTimeOffset moment)
    {
        var clock = new SandboxClock();
        clock.Pin(moment);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { MovesWithTime = true, TimeProvider = clock }, CancellationToken.None);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.ConduitBaseUrl, "clients/accounts"));
        request.Headers.Add("X-API-Key", server.Credentials.ConduitApiKey);
        request.Headers.Add("X-API-Secret", server.Credentials.ConduitApiSecret);
        request.Headers.Add("Api-Version", "2024-12-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every client balance, keyed by client, asset and network, as the raw digits the sandbox sent.</summary>
    private static Dictionary<string, string> Amounts(string body)
    {
        using var document = JsonDocument.Parse(body);
        var amounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var client in document.RootElement.GetProperty("data").EnumerateArray())
        {
            foreach (var balance in client.GetProperty("balances").GetProperty("available").EnumerateArray())
            {
                var network = balance.TryGetProperty("network", out var n) ? n.GetString() : "";
                var amount = balance.GetProperty("amount");
                amounts[$"{client.GetProperty("id").GetString()}/{balance.GetProperty("asset").GetString()}/{network}"] =
                    amount.ValueKind == JsonValueKind.String ? amount.GetString()! : amount.GetRawText();
            }
        }

        return amounts;
    }
}
