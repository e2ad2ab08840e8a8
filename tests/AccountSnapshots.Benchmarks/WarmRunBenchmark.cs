using System.Diagnostics;
using System.Globalization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// A snapshot run the way the Functions app makes it (<c>AccountSnapshots.Benchmarks warm-run SANDBOX_URL [runs]
/// [folder]</c>): one process, the real core (<c>AddAccountSnapshots</c>, every option validated), one run to warm it
/// up, then <c>runs</c> timed runs of both sources against the same store, each for its own slot (a second apart, as
/// successive schedule occurrences), so every run fetches, stores, merges the aggregate and indexes like a timer
/// run. 3Commas pacing is off (the curl baseline does not wait either). Prints each run's wall time, store reads and writes, peak GC heap and working set (sampled every 5 ms), the median,
/// and the process's peak working set; the store folder is deleted at
/// the end unless one was given.
/// </summary>
internal static class WarmRunBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: warm-run SANDBOX_URL [runs] [folder]");
            return 2;
        }

        var sandbox = args[0].TrimEnd('/');
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var keep = args.Length > 2;
        var directory = keep ? Path.GetFullPath(args[2]) : Path.Combine(Path.GetTempPath(), "warm-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Directory"] = directory,
                ["Conduit:BaseUrl"] = sandbox,
                ["ThreeCommas:BaseUrl"] = sandbox + "/public/api",
                ["Secrets:ConduitApiKey"] = "sandbox-conduit-key",
                ["Secrets:ConduitApiSecret"] = "sandbox-conduit-secret",
                ["Secrets:ThreeCommasApiKey"] = "sandbox-3commas-key",
                ["Secrets:ThreeCommasApiSecret"] = "sandbox-3commas-secret",

                // The process-wide 3Commas pacing (30 a minute) would make every run after the first three wait for
                // the minute to pass; 0 turns it off, which the validator allows only towards a loopback stand-in.
                ["ThreeCommas:RequestsPerMinute"] = "0",
            });
            builder.Logging.ClearProviders();

            // The folder store the configuration would make, counted, so each run reports what it read and wrote.
            var store = new CountingStore(new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance));
            builder.Services.AddSingleton<ISnapshotStore>(store);
            builder.Services.AddAccountSnapshots(builder.Configuration);
            using var host = builder.Build();
            host.Services.GetService<IStartupValidator>()?.Validate();
            var runner = host.Services.GetRequiredService<SnapshotRunner>();

            // Slots a second apart from now: each run is a new occurrence, as timer runs are.
            var first = SnapshotSlot.Scheduled(TimeProvider.System.GetUtcNow()).At;
            var times = new List<double>();
            for (var i = 0; i <= runs; i++)
            {
                store.Reset();
                using var sampler = new HeapSampler();
                var run = await RunOnceAsync(runner, SnapshotSlot.Scheduled(first.AddSeconds(i)));
                var reads = store.Reads;
                var (peakHeap, peakWorkingSet) = sampler.Stop();
                Console.WriteLine($"{(i == 0 ? "warm-up run" : $"run {i}")}: {run.Ms:0} ms ({run.Summary}); store: {reads.Count} reads ({reads.Sum(r => r.Bytes):N0} bytes), {store.Writes.Count} writes, {store.Properties.Count} version checks (of {store.Properties.Sum(p => p.Bytes):N0} bytes); time in store reads {store.ReadTime.TotalMilliseconds:0} ms, in version checks {store.PropertiesTime.TotalMilliseconds:0} ms, in store writes {store.WriteTime.TotalMilliseconds:0} ms; peak GC heap {peakHeap / 1024:N0} KB, peak working set {peakWorkingSet / 1024:N0} KB; live heap after it {GC.GetTotalMemory(forceFullCollection: true) / 1024:N0} KB");
                if (i > 0)
                {
                    times.Add(run.Ms);
                }
            }

            times.Sort();
            var median = times[(times.Count - 1) / 2];
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"warm run median ms: {median:0}");
            Console.WriteLine($"peak working set KB: {process.PeakWorkingSet64 / 1024}");
            return 0;
        }
        finally
        {
            if (!keep && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<(double Ms, string Summary)> RunOnceAsync(SnapshotRunner runner, SnapshotSlot slot)
    {
        var clock = Stopwatch.StartNew();
        var results = await runner.RunAllAsync(["conduit", "threecommas"], slot, CancellationToken.None);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (results.Any(r => r.Status != SnapshotRunStatus.Succeeded))
        {
            throw new InvalidOperationException("a warm run did not store both sources: " + string.Join(", ", results.Select(r => $"{r.Source} {r.Status} {r.Error?.Message}")));
        }

        return (ms, string.Join(", ", results.Select(r => $"{r.Source} {r.Accounts} accounts")));
    }
}
