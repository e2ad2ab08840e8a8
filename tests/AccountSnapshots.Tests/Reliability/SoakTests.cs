using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// The serve composition with both schedules every second (six-field NCRONTAB) and HTTP readers, for
/// <c>SOAK_SECONDS</c>: no 5xx, no lost aggregate update, readers never see a source go backwards, and the managed heap
/// stays flat. The default suite runs a 3 s smoke of the same code; <c>eng/soak.sh</c> runs the long soak.
/// </summary>
public sealed class SoakTests
{
    private const int Readers = 4;

    [Fact]
    public async Task Both_sources_every_second_with_http_readers_lose_no_update_and_answer_no_5xx()
    {
        var configured = int.TryParse(Environment.GetEnvironmentVariable("SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0;
        var seconds = configured ? s : 3;
        await using var host = await ServeTestHost.StartAsync(settings =>
        {
            settings["ConduitSnapshotSchedule"] = "* * * * * *";
            settings["ThreeCommasSnapshotSchedule"] = "* * * * * *";
            settings["Api:RefreshInterval"] = "00:00:01";
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Readers };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        await Task.Delay(TimeSpan.FromSeconds(2));
        var memory = new List<long> { HeapAfterCollect() };
        var statuses = new ConcurrentDictionary<int, int>();
        var backwards = new ConcurrentQueue<string>();
        long requests = 0;
        // Fixed-size state so the soak's own bookkeeping does not grow: a 0.1 ms latency histogram, and log lines
        // scanned for secrets and tallied as they arrive instead of kept.
        var histogram = new long[100_001];
        var secrets = SecretScan.SecretsOf(host.Sandbox);
        var events = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long logLines = 0;
        var leaks = new ConcurrentQueue<string>();
        void Drain()
        {
            while (host.Logs.TryDequeue(out var line))
            {
                logLines++;
                events.AddOrUpdate(line[..Math.Max(0, line.IndexOf(':', StringComparison.Ordinal))], 1, (_, c) => c + 1);
                if (secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)) || line.Contains(ReliabilityHttp.ApiKey, StringComparison.Ordinal))
                {
                    leaks.Enqueue(line);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
        {
            var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            string? etag = null;
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                n++;
                var health = n % 5 == 0;
                using var request = new HttpRequestMessage(HttpMethod.Get, health ? "api/health" : "api/accounts/latest");
                request.Headers.Add("x-functions-key", ReliabilityHttp.ApiKey);
                if (!health && etag is not null && n % 3 == 0)
                {
                    request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
                }

                var watch = Stopwatch.StartNew();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref histogram[Math.Min(histogram.Length - 1, (int)(watch.Elapsed.TotalMilliseconds * 10))]);
                Interlocked.Increment(ref requests);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                if (!health && (int)response.StatusCode == 200)
                {
                    etag = response.Headers.ETag?.ToString();
                    var document = JsonSerializer.Deserialize(body, AccountSnapshotsJsonContext.Default.AggregateDocument)!;
                    foreach (var source in document.Sources.Where(x => x.SnapshotAt is not null))
                    {
                        if (seen.TryGetValue(source.Source, out var before) && source.SnapshotAt < before)
                        {
                            backwards.Enqueue($"reader {reader}: {source.Source} went from {before:O} back to {source.SnapshotAt:O}");
                        }

                        seen[source.Source] = source.SnapshotAt!.Value;
                    }
                }
            }
        })).ToList();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(2, seconds / 10)));
                Drain();
                memory.Add(HeapAfterCollect());
            }
        });
        await Task.WhenAll(readers);
        await sampler;
        clock.Stop();

        // Let the run in flight finish, then compare what was stored with what the aggregate holds.
        var newestDocuments = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var documentCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in SourceNames.All)
        {
            var paths = new List<string>();
            await foreach (var path in host.Store.ListAsync($"snapshots/{source}/", CancellationToken.None))
            {
                paths.Add(path);
            }

            documentCounts[source] = paths.Count;
            var newest = SnapshotDocumentSerializer.Read((await host.Store.ReadAsync(paths.Order(StringComparer.Ordinal).Last(), CancellationToken.None))!.Content.Span)!;
            Assert.Equal("ok", newest.Status);
            newestDocuments[source] = newest.Slot;
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var aggregate = (await ReliabilityHost.ReadAggregateAsync(host.Store))!;
        var lost = SourceNames.All.Count(source => aggregate.Sources.Single(x => x.Source == source).SnapshotAt < newestDocuments[source]);
        Drain();
        var succeeded = events.GetValueOrDefault("SnapshotSucceeded");
        var failed = events.GetValueOrDefault("SnapshotFailed");
        var crashed = events.GetValueOrDefault("ScheduledRunCrashed");
        var conflicts = events.GetValueOrDefault("AggregateConflict");
        await host.AssertNoSecretsLeakedAsync();

        double Percentile(double p)
        {
            var target = (long)Math.Ceiling(Interlocked.Read(ref requests) * p);
            long seen = 0;
            for (var i = 0; i < histogram.Length; i++)
            {
                seen += histogram[i];
                if (seen >= target)
                {
                    return i / 10.0;
                }
            }

            return histogram.Length / 10.0;
        }

        var fiveXx = statuses.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        var mb = memory.Select(m => (m / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture));
        ReliabilityReport.WriteSection(configured ? "soak-by-hand" : "soak-default", string.Create(CultureInfo.InvariantCulture, $"""
            {(configured ? "Run by hand" : "Default run")} (SOAK_SECONDS={seconds}): both schedules `* * * * * *` through the serve composition (scheduler + API on Kestrel), {Readers} HTTP readers without pause (every 5th request `/api/health`, every 3rd a conditional GET).

            - Runs: {succeeded} `SnapshotSucceeded`, {failed} `SnapshotFailed`, {crashed} crashed; snapshot documents: conduit {documentCounts[SourceNames.Conduit]}, threecommas {documentCounts[SourceNames.ThreeCommas]}; aggregate ETag conflicts merged again: {conflicts}.
            - Lost aggregate updates (aggregate older than the newest stored snapshot): {lost}; a reader seeing a source's `snapshotAt` go backwards: {backwards.Count}.
            - HTTP: {Interlocked.Read(ref requests):N0} requests in {clock.Elapsed.TotalSeconds:F0} s, statuses {string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value:N0}"))}; 5xx: {fiveXx}; latency (0.1 ms buckets) p50 {Percentile(0.5):F1} ms, p99 {Percentile(0.99):F1} ms, max {Percentile(1):F1} ms.
            - Log lines (each scanned for the sandbox credentials, the exchange api keys and the API key, then dropped): {logLines:N0}, top events {string.Join(", ", events.OrderByDescending(kv => kv.Value).Take(4).Select(kv => $"{kv.Key} {kv.Value:N0}"))}; secrets found: {leaks.Count}.
            - Managed heap after a full GC (whole test process, other tests running in parallel), MB: {string.Join(" → ", mb)}.
            """));

        Assert.True(leaks.IsEmpty, "a log line holds a secret");
        Assert.Equal(0, fiveXx);
        Assert.Equal(0, lost);
        Assert.True(backwards.IsEmpty, string.Join("\n", backwards.Take(5)));
        Assert.Equal(0, failed);
        Assert.Equal(0, crashed);
        Assert.True(succeeded >= seconds, $"only {succeeded} runs in {seconds} s");

        // Generous: the heap may move with other tests in this process; a leak of the soak itself would grow per run.
        Assert.True(memory[^1] < memory[0] + (256L * 1024 * 1024), $"heap grew from {memory[0]} to {memory[^1]} bytes");
    }

    private static long HeapAfterCollect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
