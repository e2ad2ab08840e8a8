using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The history benchmark of issue 14 (<c>AccountSnapshots.Benchmarks history [clients] [accounts] [days] [runs]
/// [folder]</c>): the fixture of <see cref="HistoryBenchmarkFixture"/> in a folder store; it reports the objects,
/// listings and bytes a query reads, index size, warm p50/p99 of the handler's path (one pass into the spool, then
/// copied out) beside reading the same objects straight from the store, peak live heap for 1 vs all days, and reindex
/// throughput. A folder argument keeps the fixture there (built only if absent); otherwise a temporary one is deleted.
/// </summary>
internal static class HistoryBenchmark
{
    private const long MaxRows = 1_000_000; // Api:MaxHistoryRows' default

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var accounts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15;
        var keep = args.Length > 4;
        var directory = keep ? Path.GetFullPath(args[4]) : Path.Combine(Path.GetTempPath(), "history-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance);
            var store = new CountingStore(files);
            var index = new HistoryIndex(store, TimeProvider.System, NullLogger<HistoryIndex>.Instance);
            var history = new HistoryService(index);
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
            if (!Directory.Exists(Path.Combine(directory, "snapshots")))
            {
                var build = Stopwatch.StartNew();
                await HistoryBenchmarkFixture.BuildAsync(files, start, clients, accounts, days, Console.Error.WriteLine);
                Print($"fixture: {clients} clients x 3 balances, {accounts} 3Commas accounts, {days} days x {HistoryBenchmarkFixture.SlotsPerDay} slots, built in {build.Elapsed.TotalSeconds:0.0} s");
            }

            var snapshotBytes = Sizes(directory, "snapshots").Values.Sum();
            var generated = Hashes(directory);
            var indexBytes = Sizes(directory, "history").Values.Sum();
            Print($"| index bytes per day / snapshot bytes per day | {indexBytes / days:N0} / {snapshotBytes / days:N0} | {100.0 * indexBytes / snapshotBytes:0.00} % | <= 5 % |");

            var end = start.AddDays(days);
            var total = new HistoryQuery { From = start, To = end };
            var oneAccount = new HistoryQuery { From = start, To = end, Level = HistoryLevel.Account, AccountIds = ["acct_00042"] };
            var dayAll = new HistoryQuery { From = start.AddDays(days - 1), To = end, Level = HistoryLevel.Account, Step = Step("1h") };
            var queries = new[] { ($"{days}-day total", total), ($"{days}-day one account", oneAccount), ("1 day of every account, step=1h", dayAll) };

            // Cold: the first query of each settled day lists it and marks it verified (a write); later ones do not.
            foreach (var (name, query) in queries)
            {
                store.Reset();
                var cold = Stopwatch.StartNew();
                var rows = await RenderAsync(history, query);
                Print($"| cold {name} ({rows:N0} rows) | {cold.Elapsed.TotalMilliseconds:0} ms | {store.Lists.Count} listings, {store.Writes.Count} writes, {store.Reads.Count} reads |");
            }

            store.Reset();
            await RenderAsync(history, total);
            var reads = store.Reads;
            var totalBytesRead = reads.Sum(r => r.Bytes);
            Print($"| warm {days}-day total: per source per day: reads / distinct objects / listings / writes | {reads.Count / 2.0 / days:0.00} / {reads.Select(r => r.Path).Distinct().Count() / 2.0 / days:0.00} / {store.Lists.Count / 2.0 / days:0.00} / {store.Writes.Count} | {(reads.Any(r => r.Path.StartsWith("snapshots/", StringComparison.Ordinal)) ? "reads snapshots!" : "index only")} | <= 2 objects |");
            Print($"| warm {days}-day total: bytes read / snapshot bytes in range | {totalBytesRead:N0} / {snapshotBytes:N0} | {100.0 * totalBytesRead / snapshotBytes:0.000} % | <= 5 % |");

            foreach (var (name, query) in queries)
            {
                store.Reset();
                var rows = await RenderAsync(history, query);
                var (readCount, listings) = (store.Reads.Count, store.Lists.Count);
                var paths = store.Reads.Select(r => r.Path).Distinct().ToList();
                var bytes = store.Reads.Sum(r => r.Bytes);
                var (p50, p99) = await TimeAsync(() => RenderAsync(history, query), runs);
                var (f50, f99) = await TimeAsync(async () =>
                {
                    foreach (var path in paths)
                    {
                        await files.ReadAsync(path, CancellationToken.None);
                    }

                    return 0;
                }, runs);
                Print($"| warm {name} ({rows:N0} rows; {readCount} reads of {paths.Count} objects, {bytes:N0} bytes; {listings} listings) p50 / p99 ms | {p50:0.0} / {p99:0.0} | same objects read straight from the store: {f50:0.0} / {f99:0.0} | {p50 / Math.Max(f50, 0.001):0.00}x |");
            }

            await BreakdownAsync(files, index, history, total, days, runs);

            foreach (var (name, level, step, accountIds) in new (string, HistoryLevel, string?, string[])[]
            {
                ("level=total", HistoryLevel.Total, null, []),
                ("level=account, one account", HistoryLevel.Account, null, ["acct_00042"]),
                ("level=account, step=1d (every account)", HistoryLevel.Account, "1d", []),
            })
            {
                var oneDay = await PeakAsync(history, new HistoryQuery { From = start, To = start.AddDays(1), Level = level, Step = step is null ? null : Step(step), AccountIds = accountIds });
                var allDays = await PeakAsync(history, new HistoryQuery { From = start, To = end, Level = level, Step = step is null ? null : Step(step), AccountIds = accountIds });
                Print($"| peak live heap during the query, {name}: 1 day / {days} days (KB) | {oneDay / 1024:N0} / {allDays / 1024:N0} | {(double)allDays / Math.Max(oneDay, 1):0.00}x | <= 1.5x |");
            }

            await ReindexAsync(files, index, directory, generated);
            return 0;
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private static HistoryStep Step(string text) => HistoryStep.TryParse(text, out var step) ? step! : throw new ArgumentException(text);

    // The handler's path without HTTP: one pass into the spool (JSON), then the spool copied out.
    private static async Task<long> RenderAsync(HistoryService history, HistoryQuery query, Func<IAsyncEnumerable<HistoryRow>, IAsyncEnumerable<HistoryRow>>? wrap = null)
    {
        await using var spool = await HistorySpool.RenderAsync(history, query, MaxRows, (body, rows, ct) => HistoryJsonWriter.WriteAsync(body, wrap?.Invoke(rows) ?? rows, ct), CancellationToken.None);
        await spool.CopyToAsync(Stream.Null, CancellationToken.None);
        return spool.Tally.RowCount;
    }

    private static async Task<(double P50, double P99)> TimeAsync(Func<Task<long>> action, int runs)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)]);
    }

    // Highest live managed heap above the starting point while the query renders: a full collection about 256 times
    // during the rows (and once after), so garbage does not count, only what the query holds on to.
    private static async Task<long> PeakAsync(HistoryService history, HistoryQuery query)
    {
        var rows = await RenderAsync(history, query);
        var every = Math.Max(1, rows / 256);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        async IAsyncEnumerable<HistoryRow> Sample(IAsyncEnumerable<HistoryRow> source)
        {
            long count = 0;
            await foreach (var row in source)
            {
                if (++count % every == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }

                yield return row;
            }

            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }

        await RenderAsync(history, query, Sample);
        return peak;
    }

    // Where the 30-day total's time goes: each stage adds one step of the handler's path (p50 of the runs).
    private static async Task BreakdownAsync(FileSnapshotStore files, HistoryIndex index, HistoryService history, HistoryQuery query, int days, int runs)
    {
        var dayList = Enumerable.Range(0, days).Select(d => HistoryPaths.DayOf(query.From.AddDays(d))).ToList();
        string[] sources = [Upstream.SourceNames.Conduit, Upstream.SourceNames.ThreeCommas];
        var stages = new (string Name, Func<Task<long>> Action)[]
        {
            ("read the objects", async () =>
            {
                foreach (var day in dayList)
                {
                    foreach (var source in sources)
                    {
                        await files.ReadAsync(HistoryPaths.Totals(source, day), CancellationToken.None);
                    }
                }

                return 0;
            }),
            ("+ parse (HistoryIndex.ReadDayAsync)", async () =>
            {
                foreach (var day in dayList)
                {
                    foreach (var source in sources)
                    {
                        await index.ReadDayAsync(source, day, accounts: false, CancellationToken.None);
                    }
                }

                return 0;
            }),
            ("+ rows (HistoryService.ReadRowsAsync)", async () =>
            {
                using var tally = new HistoryTally(MaxRows);
                long count = 0;
                await foreach (var row in history.ReadRowsAsync(query, tally, CancellationToken.None))
                {
                    count++;
                }

                return count;
            }),
            ("+ JSON (HistoryJsonWriter to Stream.Null)", async () =>
            {
                using var tally = new HistoryTally(MaxRows);
                await HistoryJsonWriter.WriteAsync(Stream.Null, history.ReadRowsAsync(query, tally, CancellationToken.None), CancellationToken.None);
                return tally.RowCount;
            }),
            ("+ spool and copy out (the handler's path)", () => RenderAsync(history, query)),
        };
        foreach (var (name, action) in stages)
        {
            var (p50, p99) = await TimeAsync(action, runs);
            Print($"| {days}-day total, {name} | p50 / p99 ms | {p50:0.0} / {p99:0.0} |");
        }
    }

    private static async Task ReindexAsync(FileSnapshotStore files, HistoryIndex index, string directory, Dictionary<string, string> generated)
    {
        var paths = new List<string>();
        await foreach (var path in files.ListAsync("snapshots/", CancellationToken.None))
        {
            paths.Add(path);
        }

        var readOnly = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            await files.ReadAsync(path, CancellationToken.None);
        }

        var readSeconds = readOnly.Elapsed.TotalSeconds;
        var parse = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            SnapshotDocumentSerializer.Read((await files.ReadAsync(path, CancellationToken.None))!.Content.Span);
        }

        var parseSeconds = parse.Elapsed.TotalSeconds;
        var summary = await index.ReindexAsync(null, null, CancellationToken.None);
        var seconds = summary.Elapsed.TotalSeconds;
        Print($"| reindex: snapshots/s | {summary.Snapshots / seconds:0.0} ({summary.Snapshots:N0} in {seconds:0.0} s) | reading them alone: {paths.Count / readSeconds:0.0}/s ({readSeconds:0.0} s); reading and parsing them: {paths.Count / parseSeconds:0.0}/s ({parseSeconds:0.0} s) | {seconds / readSeconds:0.00}x the read |");

        // The generator's index must be what reindex builds from the snapshots (reindex drops the verified mark).
        var rebuilt = Hashes(directory);
        var differing = generated.Count(p => !rebuilt.TryGetValue(p.Key, out var hash) || hash != p.Value);
        Print($"| generated index objects equal to the reindexed ones | {generated.Count - differing} of {generated.Count} | | must be all |");
    }

    private static Dictionary<string, long> Sizes(string directory, string folder) =>
        Directory.EnumerateFiles(Path.Combine(directory, folder), "*.json", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length);

    // Hashes of the index objects, the verified mark left out (queries add it; reindex drops it).
    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(Path.Combine(directory, "history"), "*.json", SearchOption.AllDirectories).ToDictionary(f => f, f =>
        {
            var bytes = File.ReadAllBytes(f);
            if (f.EndsWith("totals.json", StringComparison.Ordinal))
            {
                var day = JsonSerializer.Deserialize(bytes, AccountSnapshotsJsonContext.Default.HistoryTotalsDay)! with { VerifiedAt = null };
                bytes = JsonSerializer.SerializeToUtf8Bytes(day, AccountSnapshotsJsonContext.Default.HistoryTotalsDay);
            }

            return Convert.ToHexString(SHA256.HashData(bytes));
        });
}
