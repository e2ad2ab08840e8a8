using System.Globalization;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// Every fault the sandbox stand-ins can inject, against both sources, through the real runner and the real file
/// store: what the run returns, what the aggregate shows, which alert is raised, that the last good data stays, that
/// the failed slot's document holds no accounts and <c>latest/{source}.json</c> is untouched, and that the next clean
/// run recovers by itself. Writes the table to the reliability report (artifacts/reliability.md).
/// </summary>
public sealed class FaultMatrixTests
{
    private static readonly DateTimeOffset FirstSlot = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A row: the fault, the expected run status, error kind and HTTP status (null when the run succeeds).</summary>
    private sealed record Row(string Name, Func<SandboxFault> Fault, bool Persistent, string ExpectedKind, int? ExpectedStatus, string? ExpectedAlert = null);

    private static readonly Row[] Rows =
    [
        new("HTTP 400", () => SandboxFault.Status(400), true, "configuration", 400),
        new("HTTP 401", () => SandboxFault.Status(401), true, "credentialsRejected", 401, AlertKinds.CredentialsRejected),
        new("HTTP 403", () => SandboxFault.Status(403), true, "credentialsRejected", 403, AlertKinds.CredentialsRejected),
        new("HTTP 404", () => SandboxFault.Status(404), true, "configuration", 404),
        new("HTTP 408", () => SandboxFault.Status(408), true, "unavailable", 408),
        new("HTTP 418 (IP ban)", () => SandboxFault.Status(418), true, "banned", 418),
        new("HTTP 429, Retry-After 30 s (over budget)", () => SandboxFault.TooManyRequests(TimeSpan.FromSeconds(30)), true, "rateLimited", 429),
        new("HTTP 429, no Retry-After", () => SandboxFault.TooManyRequests(), true, "rateLimited", 429),
        new("HTTP 500", () => SandboxFault.Status(500), true, "unavailable", 500),
        new("HTTP 502", () => SandboxFault.Status(502), true, "unavailable", 502),
        new("HTTP 503", () => SandboxFault.Status(503), true, "unavailable", 503),
        new("HTTP 504", () => SandboxFault.Status(504), true, "unavailable", 504),
        new("HTTP 500 once, then fine", () => SandboxFault.Status(500), false, "ok", null),
        new("HTTP 500 ×3, then fine (retries)", () => SandboxFault.Status(500, 3), false, "ok", null),
        new("slow 2.5 s (> attempt timeout 1 s)", () => SandboxFault.Slow(TimeSpan.FromMilliseconds(2500)), true, "unavailable", null),
        new("slow 200 ms (< attempt timeout)", () => SandboxFault.Slow(TimeSpan.FromMilliseconds(200)), true, "ok", null),
        new("connection reset", () => SandboxFault.Parse("conduit:reset"), true, "unavailable", null),
        new("body cut mid-stream", () => SandboxFault.Parse("conduit:cut"), true, "unavailable", 200),
        new("truncated JSON (short Content-Length)", () => SandboxFault.Parse("conduit:truncated"), true, "invalidResponse", 200),
        new("malformed JSON", () => SandboxFault.Parse("conduit:malformed"), true, "invalidResponse", 200),
        new("2xx HTML page", () => SandboxFault.Parse("conduit:html"), true, "invalidResponse", 200),
        new("valid JSON, wrong shape", () => SandboxFault.WithBody("{\"unexpected\":true}"), true, "invalidResponse", 200),
        new("302 redirect to another host", () => SandboxFault.Redirect(new Uri("http://127.0.0.1:9/steal")), true, "invalidResponse", 302),
    ];

    [Fact]
    public async Task Every_sandbox_fault_on_either_source_keeps_the_last_good_data_and_recovers_on_the_next_run()
    {
        var table = new List<IReadOnlyList<string>>();
        var failures = new List<string>();
        foreach (var source in SourceNames.All)
        {
            await using var host = await ReliabilityHost.StartAsync(settings =>
            {
                settings["Conduit:AttemptTimeout"] = "00:00:01";
                settings["ThreeCommas:AttemptTimeout"] = "00:00:01";

                // Four pages of three accounts: a fault from page 2 on leaves a partial list in memory that must not land.
                settings["ThreeCommas:PerPage"] = "3";
            });
            var slot = FirstSlot;
            SandboxApi api = source == SourceNames.Conduit ? host.Sandbox.Conduit : host.Sandbox.ThreeCommas;
            foreach (var row in Rows)
            {
                api.Faults.Clear();
                var good = await host.RunAsync(source, slot);
                Assert.Equal(SnapshotRunStatus.Succeeded, good.Status);
                var latestBefore = (await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.ToArray();
                var before = (await host.AggregateAsync())!;
                var goodIds = before.Accounts.Where(a => a.Source == source).Select(a => a.Id).ToList();
                var otherBefore = before.Accounts.Where(a => a.Source != source).Select(a => a.Id).ToList();

                slot = slot.AddMinutes(1);
                var fault = row.Fault();
                if (source == SourceNames.ThreeCommas && row.Persistent)
                {
                    // Page 1 answers normally, every later page gets the fault.
                    api.Faults.Enqueue(SandboxFault.Slow(TimeSpan.Zero));
                }

                api.Faults.Enqueue(fault with { Persistent = row.Persistent });
                var logsBefore = host.Logs.Count;
                var faulted = await host.RunAsync(source, slot);
                var events = host.Logs.Skip(logsBefore).Select(l => l[..Math.Max(0, l.IndexOf(':', StringComparison.Ordinal))]).ToHashSet(StringComparer.Ordinal);
                api.Faults.Clear();
                var after = (await host.AggregateAsync())!;
                var status = after.Sources.Single(s => s.Source == source);
                var kept = after.Accounts.Where(a => a.Source == source).Select(a => a.Id).ToList();
                var document = (await host.SnapshotAsync(SnapshotPaths.Snapshot(source, slot)))!;
                var latestAfter = (await host.Store.ReadAsync(SnapshotPaths.Latest(source), CancellationToken.None))!.Content.ToArray();
                var attemptAlert = after.Alerts.FirstOrDefault(a => a.Source == source && a.Kind == AlertKinds.CredentialsRejected);

                slot = slot.AddMinutes(1);
                var next = await host.RunAsync(source, slot);
                var recovered = (await host.AggregateAsync())!.Sources.Single(s => s.Source == source);
                slot = slot.AddMinutes(1);

                var kind = faulted.Status == SnapshotRunStatus.Succeeded ? "ok" : UpstreamFailures.KindName(faulted.Error!.Kind);
                var expectOk = row.ExpectedKind == "ok";
                void Check(bool condition, string what)
                {
                    if (!condition)
                    {
                        failures.Add($"{source} / {row.Name}: {what} (run: {kind}, HTTP {faulted.Error?.HttpStatus}, message: {faulted.Error?.Message})");
                    }
                }

                Check(kind == row.ExpectedKind, $"expected {row.ExpectedKind}");
                Check(expectOk || faulted.Error?.HttpStatus == row.ExpectedStatus, $"expected HTTP {row.ExpectedStatus?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
                Check(status.Status == (expectOk ? SourceStatusValues.Ok : SourceStatusValues.Stale), $"aggregate status {status.Status}");
                Check(expectOk ? status.LastError is null : status.LastError?.Kind == faulted.Error?.Kind, "aggregate lastError");
                Check(expectOk || (status.LastError?.Message.StartsWith(source + ":", StringComparison.Ordinal) ?? false), "lastError message names the source");
                Check(expectOk || kept.SequenceEqual(goodIds), "the last good accounts are kept");
                Check(after.Accounts.Where(a => a.Source != source).Select(a => a.Id).SequenceEqual(otherBefore), "the other source is untouched");
                Check(expectOk ? document.Status == "ok" : document.Status == "failed" && document.Accounts.Count == 0 && document.Totals.Count == 0, "the failed slot's document holds no accounts");
                Check(expectOk || latestBefore.AsSpan().SequenceEqual(latestAfter), $"latest/{source}.json unchanged");
                Check(events.Contains(expectOk ? "SnapshotSucceeded" : "SnapshotFailed"), "event 1004/1005 logged");
                Check(events.Contains("CredentialsRejected") == (row.ExpectedAlert is not null), "event 1003 logged only for rejected credentials");
                Check((attemptAlert?.Kind) == row.ExpectedAlert, $"alert {attemptAlert?.Kind ?? "none"}, expected {row.ExpectedAlert ?? "none"}");
                Check(next.Status == SnapshotRunStatus.Succeeded && recovered.Status == SourceStatusValues.Ok && recovered.LastError is null, "the next clean run recovers");

                table.Add(
                [
                    source,
                    row.Name,
                    faulted.Status == SnapshotRunStatus.Succeeded ? "succeeded" : "failed",
                    status.Status,
                    expectOk ? "—" : $"`{kind}` (HTTP {faulted.Error?.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "none"})",
                    attemptAlert is null ? (expectOk ? "—" : "1005 SnapshotFailed") : $"`{attemptAlert.Kind}` + 1003, 1005",
                    $"{kept.Count}/{goodIds.Count}",
                    expectOk ? "ok" : $"failed, {document.Accounts.Count} accounts",
                    latestBefore.AsSpan().SequenceEqual(latestAfter) ? "unchanged" : "replaced",
                    faulted.Requests.ToString(CultureInfo.InvariantCulture),
                    next.Status == SnapshotRunStatus.Succeeded && recovered.Status == SourceStatusValues.Ok ? "ok" : "NOT recovered",
                ]);
            }

            await host.AssertNoSecretsLeakedAsync();
        }

        ReliabilityReport.WriteSection("fault-matrix", ReliabilityReport.Table(
            ["Source", "Injected fault", "Run", "Aggregate status", "`lastError`", "Alert / events", "Accounts kept", "Failed slot's document", "`latest/{source}.json`", "Requests", "Next clean run"],
            table));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
