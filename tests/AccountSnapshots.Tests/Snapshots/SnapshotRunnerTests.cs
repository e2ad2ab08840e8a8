using System.Diagnostics.Metrics;
using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Telemetry;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Snapshots;

public sealed partial class SnapshotRunnerTests
{
    private static readonly DateTimeOffset s_slot = new(2026, 11, 21, 6, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_normal_run_writes_the_documented_layout_for_both_sources()
    {
        await using var host = await PipelineHost.StartAsync();

        var results = await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SnapshotRunStatus.Succeeded, r.Status));
        var objects = await host.ReadAllObjectsAsync();
        Assert.Equal(
            [
                "latest/aggregate.json",
                "latest/conduit.json",
                "latest/threecommas.json",
                "snapshots/conduit/2026/11/21/20261121T061500Z.json",
                "snapshots/threecommas/2026/11/21/20261121T061500Z.json",
            ],
            objects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(objects["snapshots/conduit/2026/11/21/20261121T061500Z.json"], objects["latest/conduit.json"]);

        using var document = JsonDocument.Parse(objects["snapshots/threecommas/2026/11/21/20261121T061500Z.json"]);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("threecommas", root.GetProperty("source").GetString());
        Assert.Equal("2026-11-21T06:15:00Z", root.GetProperty("slot").GetString());
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(12, root.GetProperty("accounts").GetArrayLength());
        Assert.Equal(1, root.GetProperty("requests").GetInt32());
        var raw = Assert.Single(root.GetProperty("raw").EnumerateArray());
        Assert.Equal("/public/api/ver1/accounts?page=1&per_page=100", raw.GetProperty("request").GetString());
        Assert.Equal(64, raw.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(JsonValueKind.Array, raw.GetProperty("body").ValueKind);
        Assert.True(root.GetProperty("secretVersions").TryGetProperty("ThreeCommasApiSecret", out _));

        var aggregate = await host.ReadAggregateAsync();
        Assert.NotNull(aggregate);
        Assert.All(aggregate.Sources, s => Assert.Equal(SourceStatusValues.Ok, s.Status));
        Assert.Equal(40, aggregate.Sources.Single(s => s.Source == SourceNames.Conduit).AccountCount);
        Assert.Equal(52, aggregate.Accounts.Count);
        Assert.Contains(aggregate.Totals, t => t is { Source: SourceNames.ThreeCommas, Asset: "USD", Network: null });
        Assert.Contains(aggregate.Totals, t => t is { Source: SourceNames.ThreeCommas, Asset: "BTC", Network: null });
        Assert.Contains(aggregate.Totals, t => t.Source == SourceNames.Conduit);
        Assert.DoesNotContain(aggregate.Alerts, a => a.Kind == AlertKinds.TotalsMismatch);
        Assert.Contains(aggregate.Alerts, a => a.Kind == AlertKinds.ExchangeApiKeyInvalid && a.AccountId == host.Sandbox.ThreeCommas.AccountId(1).ToString(System.Globalization.CultureInfo.InvariantCulture) && a.State == "expired");
    }

    [Fact]
    public async Task Totals_are_exact_sums_of_the_served_amounts()
    {
        await using var host = await PipelineHost.StartAsync();

        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        var aggregate = (await host.ReadAggregateAsync())!;
        var usd = aggregate.Accounts.Select(a => a.UsdAmount!).Aggregate(System.Numerics.BigInteger.Zero, (sum, a) => sum + Scaled(a, 60));
        Assert.Equal(usd, Scaled(aggregate.Totals.Single(t => t.Asset == "USD").Amount, 60));
    }

    [Fact]
    public async Task One_source_failing_never_blocks_or_hides_the_other()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Conduit:MaxRetries"] = "1" });
        host.Sandbox.Conduit.Faults.Persistent = SandboxFault.Status(503);

        var results = await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Failed, results[0].Status);
        Assert.Equal(UpstreamErrorKind.Unavailable, results[0].Error!.Kind);
        Assert.Equal(503, results[0].Error!.HttpStatus);
        Assert.Equal(SnapshotRunStatus.Succeeded, results[1].Status);
        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.Equal(SourceStatusValues.Failed, aggregate.Sources.Single(s => s.Source == SourceNames.Conduit).Status);
        Assert.Equal(SourceStatusValues.Ok, aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
        Assert.Equal(12, aggregate.Accounts.Count);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_but_keeps_serving_the_last_good_data()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        var latestBefore = await host.Store.ReadAsync(SnapshotPaths.Latest(SourceNames.ThreeCommas), CancellationToken.None);
        host.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.TooManyRequests());

        var failed = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Failed, failed.Status);
        Assert.Equal(UpstreamErrorKind.RateLimited, failed.Error!.Kind);
        var latestAfter = await host.Store.ReadAsync(SnapshotPaths.Latest(SourceNames.ThreeCommas), CancellationToken.None);
        Assert.Equal(latestBefore!.Content.ToArray(), latestAfter!.Content.ToArray());
        var record = await host.Store.ReadAsync(failed.SnapshotPath!, CancellationToken.None);
        using (var document = JsonDocument.Parse(record!.Content))
        {
            Assert.Equal("failed", document.RootElement.GetProperty("status").GetString());
            Assert.Equal("rateLimited", document.RootElement.GetProperty("error").GetProperty("kind").GetString());
            Assert.Equal(429, document.RootElement.GetProperty("error").GetProperty("httpStatus").GetInt32());
        }

        var aggregate = (await host.ReadAggregateAsync())!;
        var status = aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas);
        Assert.Equal(SourceStatusValues.Stale, status.Status);
        Assert.Equal(s_slot, status.SnapshotAt);
        Assert.Equal(s_slot.AddMinutes(15), status.LastAttemptAt);
        Assert.Equal(UpstreamErrorKind.RateLimited, status.LastError!.Kind);
        Assert.Equal(12, aggregate.Accounts.Count(a => a.Source == SourceNames.ThreeCommas));
    }

    [Fact]
    public async Task A_second_run_of_the_same_slot_changes_nothing_and_calls_no_upstream()
    {
        await using var host = await PipelineHost.StartAsync();
        var slot = SnapshotSlot.Scheduled(s_slot);
        await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);
        var before = await host.ReadAllObjectsAsync();
        var requests = host.Sandbox.Conduit.RequestCount;

        var second = await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.AlreadyTaken, second.Status);
        Assert.Equal(requests, host.Sandbox.Conduit.RequestCount);
        Assert.Equal(before, await host.ReadAllObjectsAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_runs_of_one_slot_store_exactly_one_document()
    {
        await using var host = await PipelineHost.StartAsync();
        var slot = SnapshotSlot.Scheduled(s_slot);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Runner.RunAsync(SourceNames.ThreeCommas, slot, CancellationToken.None)));

        Assert.Single(results, r => r.Status == SnapshotRunStatus.Succeeded);
        Assert.Equal(19, results.Count(r => r.Status == SnapshotRunStatus.AlreadyTaken));
        Assert.Equal(1, host.Sandbox.ThreeCommas.RequestCount);
        var documents = (await host.ReadAllObjectsAsync()).Keys.Where(k => k.StartsWith("snapshots/", StringComparison.Ordinal)).ToList();
        Assert.Single(documents);
        Assert.Equal(SourceStatusValues.Ok, (await host.ReadAggregateAsync())!.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
    }

    [Fact]
    public async Task A_duplicate_whose_leader_was_cancelled_takes_the_slot_itself()
    {
        await using var host = await PipelineHost.StartAsync();
        host.Sandbox.Conduit.Faults.Enqueue(SandboxFault.Slow(TimeSpan.FromMilliseconds(800)));
        using var cancelLeader = new CancellationTokenSource();
        var slot = SnapshotSlot.Scheduled(s_slot);
        var leader = host.Runner.RunAsync(SourceNames.Conduit, slot, cancelLeader.Token);

        // The leader's slow fetch is in flight; the duplicate joins it (the join happens before RunAsync returns).
        await Eventually.WaitUntilAsync(() => host.Sandbox.Conduit.RequestCount == 1, "the leader's request reached the sandbox");
        var duplicate = host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        await cancelLeader.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        var result = await duplicate;
        Assert.Equal(SnapshotRunStatus.Succeeded, result.Status);
        Assert.NotNull(await host.Store.GetPropertiesAsync(SnapshotPaths.Snapshot(SourceNames.Conduit, s_slot), CancellationToken.None));
    }

    [Fact]
    public async Task A_duplicate_of_a_failed_run_reports_the_failure_without_calling_the_upstream_again()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>
        {
            ["ThreeCommas:AttemptTimeout"] = "00:00:00.300",
            ["ThreeCommas:MaxRetries"] = "0",
        });
        host.Sandbox.ThreeCommas.Faults.Persistent = SandboxFault.Slow(TimeSpan.FromSeconds(2));
        var slot = SnapshotSlot.Scheduled(s_slot);

        var results = await Task.WhenAll(
            host.Runner.RunAsync(SourceNames.ThreeCommas, slot, CancellationToken.None),
            host.Runner.RunAsync(SourceNames.ThreeCommas, slot, CancellationToken.None));

        Assert.All(results, r => Assert.Equal(SnapshotRunStatus.Failed, r.Status));
        Assert.All(results, r => Assert.Equal(UpstreamErrorKind.Unavailable, r.Error!.Kind));
        Assert.Equal(1, host.Sandbox.ThreeCommas.RequestCount);
    }

    [Fact]
    public async Task Alert_events_carry_the_fields_alert_rules_use()
    {
        await using var host = await PipelineHost.StartAsync();

        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        var invalid = host.Events.Named("ExchangeApiKeyInvalid").ToList();
        Assert.Equal(2, invalid.Count);
        Assert.All(invalid, e => Assert.Equal(1001, e.EventId.Id));
        var expired = Assert.Single(invalid, e => (string?)e["State"] == "expired");
        Assert.Equal("threecommas", expired["Source"]);
        Assert.Equal(host.Sandbox.ThreeCommas.AccountId(1).ToString(System.Globalization.CultureInfo.InvariantCulture), expired["AccountId"]);
        Assert.NotNull(expired["AccountName"]);
        Assert.NotNull(expired["Exchange"]);
        var succeeded = Assert.Single(host.Events.Named("SnapshotSucceeded"));
        Assert.Equal(1004, succeeded.EventId.Id);
        Assert.Equal(12, succeeded["Accounts"]);
        Assert.Equal(s_slot, succeeded["Slot"]);
    }

    [Fact]
    public async Task A_flagged_account_that_is_fine_again_logs_recovered()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        host.Sandbox.ThreeCommas.SetKeyState(1, "ok", invalid: false);

        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        var recovered = Assert.Single(host.Events.Named("ExchangeApiKeyRecovered"));
        Assert.Equal(1002, recovered.EventId.Id);
        Assert.Equal(host.Sandbox.ThreeCommas.AccountId(1).ToString(System.Globalization.CultureInfo.InvariantCulture), recovered["AccountId"]);
        var alerts = (await host.ReadAggregateAsync())!.Alerts;
        Assert.Single(alerts, a => a.Kind == AlertKinds.ExchangeApiKeyInvalid);
    }

    [Fact]
    public async Task Rejected_credentials_fail_the_source_log_CredentialsRejected_and_raise_the_alert()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Secrets:ThreeCommasApiSecret"] = "not-the-secret" });

        var result = await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.Failed, result.Status);
        Assert.Equal(UpstreamErrorKind.CredentialsRejected, result.Error!.Kind);
        var rejected = Assert.Single(host.Events.Named("CredentialsRejected"));
        Assert.Equal(1003, rejected.EventId.Id);
        Assert.Equal("threecommas", rejected["Source"]);
        Assert.Equal(401, rejected["HttpStatus"]);
        Assert.Equal("signature_invalid", rejected["ErrorCode"]);
        var failed = Assert.Single(host.Events.Named("SnapshotFailed"));
        Assert.Equal("credentialsRejected", failed["ErrorKind"]);
        var alert = Assert.Single((await host.ReadAggregateAsync())!.Alerts);
        Assert.Equal(AlertKinds.CredentialsRejected, alert.Kind);
        Assert.Equal(401, alert.HttpStatus);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_source_as_configuration_naming_the_secret()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Secrets:ConduitApiSecret"] = null });

        var result = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.Equal(UpstreamErrorKind.Configuration, result.Error!.Kind);
        Assert.Contains("Secrets:ConduitApiSecret", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.Sandbox.Conduit.RequestCount);
    }

    [Fact]
    public async Task Metrics_record_outcomes_duration_and_invalid_exchange_keys()
    {
        await using var host = await PipelineHost.StartAsync();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        var meterFactory = host.Services.GetService(typeof(IMeterFactory));
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other tests running in parallel publish on meters with the same name.
            if (instrument.Meter.Name == SnapshotMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();

        await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);

        Assert.NotNull(meterFactory);
        lock (measurements)
        {
            Assert.Equal(2, measurements.Count(m => m.Instrument == "accountsnapshots.runs" && (string?)m.Tags["status"] == "succeeded"));
            Assert.Equal(2, measurements.Count(m => m.Instrument == "accountsnapshots.run.duration"));
            var invalid = Assert.Single(measurements, m => m.Instrument == "accountsnapshots.exchange_keys.invalid" && (string?)m.Tags["source"] == "threecommas");
            Assert.Equal(2, invalid.Value);
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, copy));
            }
        }
    }

    [Fact]
    public async Task No_credential_and_no_exchange_api_key_reaches_a_stored_document_or_a_log_line()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        host.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.Parse("threecommas:401"));
        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        var forbidden = host.Sandbox.ThreeCommas.ExchangeApiKeys
            .Append(host.Sandbox.Credentials.ConduitApiKey)
            .Append(host.Sandbox.Credentials.ConduitApiSecret)
            .Append(host.Sandbox.Credentials.ThreeCommasApiKey)
            .Append(host.Sandbox.Credentials.ThreeCommasApiSecret)
            .ToList();
        var objects = await host.ReadAllObjectsAsync();
        var lines = host.Events.Events.Select(e => e.Message + " " + e.Exception).ToList();
        Assert.NotEmpty(objects);
        Assert.NotEmpty(lines);
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(objects, o => o.Value.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_lost_aggregate_is_rebuilt_from_the_latest_snapshots_even_when_the_run_fails()
    {
        await using var host = await PipelineHost.StartAsync();
        await host.Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(s_slot), CancellationToken.None);
        File.Delete(Path.Combine(StoreDirectory(host), "latest", "aggregate.json"));
        host.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.Parse("threecommas:418"));

        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_slot.AddMinutes(15)), CancellationToken.None);

        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.Equal(SourceStatusValues.Stale, aggregate.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
        Assert.Equal(SourceStatusValues.Ok, aggregate.Sources.Single(s => s.Source == SourceNames.Conduit).Status);
        Assert.Equal(52, aggregate.Accounts.Count);
    }

    [Fact]
    public async Task A_stored_snapshot_missing_from_the_aggregate_is_folded_in_by_the_next_run_of_its_slot()
    {
        await using var host = await PipelineHost.StartAsync();
        var slot = SnapshotSlot.Scheduled(s_slot);
        await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        // As if the run had been stopped right after storing its document: no aggregate, no latest copy.
        File.Delete(Path.Combine(StoreDirectory(host), "latest", "aggregate.json"));
        File.Delete(Path.Combine(StoreDirectory(host), "latest", "conduit.json"));
        var again = await host.Runner.RunAsync(SourceNames.Conduit, slot, CancellationToken.None);

        Assert.Equal(SnapshotRunStatus.AlreadyTaken, again.Status);
        Assert.Equal(1, host.Sandbox.Conduit.RequestCount);
        var aggregate = (await host.ReadAggregateAsync())!;
        Assert.Equal(s_slot, aggregate.Sources.Single(s => s.Source == SourceNames.Conduit).SnapshotAt);
        Assert.Equal(40, aggregate.Accounts.Count);
        Assert.NotNull(await host.Store.GetPropertiesAsync(SnapshotPaths.Latest(SourceNames.Conduit), CancellationToken.None));
        Assert.Single(host.Events.Named("SnapshotFolded"));
    }

    [Fact]
    public async Task Cancelling_right_after_the_snapshot_is_stored_still_updates_the_aggregate()
    {
        using var cancel = new CancellationTokenSource();
        var directory = Path.Combine(Path.GetTempPath(), "as-cancel-" + Guid.NewGuid().ToString("N"));
        await using var host = await PipelineHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:Directory"] = directory },
            configure: services => services.AddSingleton<ISnapshotStore>(sp => new CancelAfterSnapshotStore(
                new FileSnapshotStore(directory, sp.GetRequiredService<ILogger<FileSnapshotStore>>()), cancel)));

        var result = await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_slot), cancel.Token);

        Assert.True(cancel.IsCancellationRequested);
        Assert.Equal(SnapshotRunStatus.Succeeded, result.Status);
        Assert.Equal(s_slot, (await host.ReadAggregateAsync())!.Sources.Single(s => s.Source == SourceNames.Conduit).SnapshotAt);
        Assert.NotNull(await host.Store.GetPropertiesAsync(SnapshotPaths.Latest(SourceNames.Conduit), CancellationToken.None));
    }

    private static string StoreDirectory(PipelineHost host) =>
        host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Storage:Directory"]!;

    private static System.Numerics.BigInteger Scaled(string plain, int scale)
    {
        var negative = plain.StartsWith('-');
        var digits = plain.TrimStart('-');
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? "" : digits[(dot + 1)..];
        var value = System.Numerics.BigInteger.Parse(whole + fraction.PadRight(scale, '0'), System.Globalization.CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }
}
