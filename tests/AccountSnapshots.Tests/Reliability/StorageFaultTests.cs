using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// Storage faults against the real Azurite through the real Blob store and runner: an outage in the middle of a run
/// and slow answers (a delaying proxy in front of Azurite). Nothing is lost or half-written, the error says what
/// failed, and the next run recovers by itself. Figures go to the reliability report (artifacts/reliability.md).
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageFaultTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset FirstSlot = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Azurite_stopped_in_the_middle_of_a_run_loses_nothing_and_the_next_run_recovers()
    {
        var container = azurite.CreateContainerName("outage");
        await using var host = await ReliabilityHost.StartAsync(s => Blob(s, azurite.ConnectionString, container));
        var notes = new List<string>();
        try
        {
            foreach (var source in SourceNames.All)
            {
                Assert.Equal(SnapshotRunStatus.Succeeded, (await host.RunAsync(source, FirstSlot)).Status);
            }

            var before = (await host.AggregateAsync())!;

            // The Conduit fetch takes 1.5 s; Azurite stops while it is in flight, so the snapshot write meets the outage.
            host.Sandbox.Conduit.Faults.Enqueue(SandboxFault.Slow(TimeSpan.FromMilliseconds(1500)));
            var second = FirstSlot.AddMinutes(15);
            var requestsBefore = host.Sandbox.Conduit.RequestCount;
            var running = host.RunAsync(SourceNames.Conduit, second);
            await Eventually.WaitUntilAsync(() => host.Sandbox.Conduit.RequestCount > requestsBefore, "the Conduit fetch reached the sandbox");
            await azurite.StopAsync();
            var watch = Stopwatch.StartNew();
            var duringOutage = await running;
            var threeCommasDown = await host.RunAsync(SourceNames.ThreeCommas, second);
            watch.Stop();
            foreach (var result in new[] { duringOutage, threeCommasDown })
            {
                Assert.Equal(SnapshotRunStatus.Failed, result.Status);
                Assert.Equal(UpstreamErrorKind.Unavailable, result.Error!.Kind);
                Assert.StartsWith(result.Source + ": snapshot storage failed", result.Error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(AzuriteFixture.AccountKey, result.Error.Message, StringComparison.Ordinal);
                notes.Add($"`{result.Source}` during the outage: `{UpstreamFailures.KindName(result.Error.Kind)}`: {result.Error.Message}");
            }

            await azurite.StartAsync();
            var third = FirstSlot.AddMinutes(30);
            foreach (var source in SourceNames.All)
            {
                Assert.Equal(SnapshotRunStatus.Succeeded, (await host.RunAsync(source, third)).Status);
            }

            var after = (await host.AggregateAsync())!;
            Assert.All(after.Sources, s => Assert.Equal((SourceStatusValues.Ok, third), (s.Status, s.SnapshotAt!.Value)));
            Assert.Equal(before.Accounts.Select(a => a.Id), after.Accounts.Select(a => a.Id));

            // Nothing half-written: the outage slot has no document, every stored document is complete JSON.
            foreach (var source in SourceNames.All)
            {
                Assert.Null(await host.Store.GetPropertiesAsync(SnapshotPaths.Snapshot(source, second), CancellationToken.None));
            }

            var documents = await AssertEveryDocumentParsesAsync(host);
            await host.AssertNoSecretsLeakedAsync(AzuriteFixture.AccountKey);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Both runs during the outage failed within {watch.Elapsed.TotalSeconds:F1} s (Storage:MaxRetries 1, Storage:NetworkTimeout 1 s); after restarting Azurite the next run of both sources succeeded with no intervention; the outage slot has no document; all {documents} stored documents parse as complete JSON; accounts before = after ({after.Accounts.Count})."));
        }
        finally
        {
            await azurite.StartAsync();
        }

        ReliabilityReport.WriteSection("storage-outage", string.Join("\n", notes.Select(n => "- " + n)));
    }

    [Fact]
    public async Task Slow_storage_answers_either_succeed_or_fail_clearly_and_the_next_run_recovers()
    {
        await using var proxy = new DelayingProxy(azurite.Port);
        var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint=http://127.0.0.1:{proxy.Port}/{AzuriteFixture.AccountName};";
        var container = azurite.CreateContainerName("slow");
        await using var host = await ReliabilityHost.StartAsync(s => Blob(s, connection, container));
        var rows = new List<IReadOnlyList<string>>();
        var slot = FirstSlot;
        foreach (var (delay, expectSuccess) in new[] { (TimeSpan.Zero, true), (TimeSpan.FromMilliseconds(300), true), (TimeSpan.FromMilliseconds(2500), false), (TimeSpan.Zero, true) })
        {
            proxy.Delay = delay;
            var watch = Stopwatch.StartNew();
            var results = new List<SnapshotRunResult>();
            foreach (var source in SourceNames.All)
            {
                results.Add(await host.RunAsync(source, slot));
            }

            watch.Stop();
            proxy.Delay = TimeSpan.Zero;
            var aggregate = await host.AggregateAsync();
            foreach (var result in results)
            {
                var error = result.Error is null ? "—" : $"`{UpstreamFailures.KindName(result.Error.Kind)}`: {result.Error.Message}";
                rows.Add([$"{delay.TotalMilliseconds:F0} ms", result.Source, result.Status.ToString(), string.Create(CultureInfo.InvariantCulture, $"{result.Duration.TotalSeconds:F1} s"), error.Length > 160 ? error[..160] + "…" : error]);
                if (expectSuccess)
                {
                    // Under load a create can land while its answer is too slow; the retry then finds the run's own
                    // snapshot (AlreadyTaken) and folds it in. Either way the slot is stored and the aggregate has it.
                    Assert.Contains(result.Status, new[] { SnapshotRunStatus.Succeeded, SnapshotRunStatus.AlreadyTaken });
                    Assert.Equal(slot, aggregate!.Sources.Single(s => s.Source == result.Source).SnapshotAt);
                }
                else
                {
                    Assert.NotEqual(SnapshotRunStatus.Succeeded, result.Status);
                    Assert.Equal(UpstreamErrorKind.Unavailable, result.Error?.Kind);
                    Assert.StartsWith(result.Source + ": snapshot storage failed", result.Error!.Message, StringComparison.Ordinal);
                }
            }

            slot = slot.AddMinutes(15);
        }

        var documents = await AssertEveryDocumentParsesAsync(host);
        await host.AssertNoSecretsLeakedAsync(AzuriteFixture.AccountKey);
        ReliabilityReport.WriteSection("storage-slow", ReliabilityReport.Table(["Proxy delay per answer chunk", "Source", "Run", "Duration", "Error"], rows)
            + $"\nStorage:NetworkTimeout 1 s, Storage:MaxRetries 1. After the slow period all {documents} stored documents parse as complete JSON.\n");
    }

    internal static void Blob(Dictionary<string, string?> settings, string connectionString, string container)
    {
        settings["Storage:ConnectionString"] = connectionString;
        settings["Storage:Container"] = container;
        settings["Storage:Directory"] = "./unused";
        settings["Storage:MaxRetries"] = "1";
        settings["Storage:NetworkTimeout"] = "00:00:01";
        settings["Storage:RetryDelay"] = "00:00:00.100";
        settings["Conduit:AttemptTimeout"] = "00:00:05";
    }

    internal static async Task<int> AssertEveryDocumentParsesAsync(ReliabilityHost host)
    {
        var count = 0;
        await foreach (var path in host.Store.ListAsync("", CancellationToken.None))
        {
            var stored = await host.Store.ReadAsync(path, CancellationToken.None);
            using var document = JsonDocument.Parse(stored!.Content);
            count++;
        }

        return count;
    }
}
