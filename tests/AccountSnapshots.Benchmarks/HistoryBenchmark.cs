using System.Diagnostics;
using System.Globalization;
using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The history benchmark of issue 14 (<c>AccountSnapshots.Benchmarks history [clients] [accounts] [days] [runs]
/// [folder [--no-reindex]]</c>): the fixture of <see cref="HistoryBenchmarkFixture"/> in a folder store; it reports the objects,
/// listings and bytes a query reads, index size, warm p50/p99 of the handler's path (one pass into the spool, then
/// copied out) beside reading the same objects straight from the store, peak live heap for 1 vs all days, and reindex
/// throughput. A folder argument keeps the fixture there (built only if absent); otherwise a temporary one is deleted.
/// </summary>
internal static partial class HistoryBenchmark
{
    private const long MaxRows = 1_000_000; // Api:MaxHistoryRows' default

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var accounts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15;
        var keep = args.Length > 4;
        var reindex = !args.Contains("--no-reindex");
        var directory = keep ? Path.GetFullPath(args[4]) : Path.Combine(Path.GetTempPath(), "history-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance);
            var store = new CountingStore(files);
            var index = new HistoryIndex(store, TimeProvider.System, NullLogger<HistoryIndex>.Instance);
            var history = new HistoryService(index, store);
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

            if (reindex)
            {
                await ReindexAsync(files, index, directory, generated);
            }

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

    private static Dictionary<string, long> Sizes(string directory, string folder) =>
        Directory.EnumerateFiles(Path.Combine(directory, folder), "*.json", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length);
}
