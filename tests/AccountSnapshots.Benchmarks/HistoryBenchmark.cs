using System.Diagnostics;
using System.Globalization;
using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Model;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The history benchmark of issue 14 (<c>dotnet run -c Release --project tests/AccountSnapshots.Benchmarks -- history
/// [clients] [accounts] [days]</c>): a fixture of <c>days</c> x 96 slots for both sources with 5 % of balances changing
/// per slot, stored in a folder store; it reports objects and bytes a query reads, index size, warm p50/p99 beside the
/// time to read the same bytes, allocation peaks for 1 vs all days, and reindex throughput. Not BenchmarkDotNet: the
/// fixture takes minutes to build and each figure needs a store-level count, so it is measured once, directly.
/// </summary>
internal static class HistoryBenchmark
{
    private const int SlotsPerDay = 96;
    private const int Runs = 15;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var accounts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var directory = Path.Combine(Path.GetTempPath(), "history-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance);
            var store = new CountingStore(files);
            var index = new HistoryIndex(store, TimeProvider.System, NullLogger<HistoryIndex>.Instance);
            var history = new HistoryService(index, store);
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

            var build = Stopwatch.StartNew();
            await BuildFixtureAsync(files, index, start, clients, accounts, days);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixture: {clients} clients x 3 balances, {accounts} 3Commas accounts, {days} days x {SlotsPerDay} slots, built in {build.Elapsed.TotalSeconds:0.0} s"));

            long snapshotBytes = 0;
            long indexBytes = 0;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "snapshots"), "*.json", SearchOption.AllDirectories))
            {
                snapshotBytes += new FileInfo(file).Length;
            }

            foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "history"), "*.json", SearchOption.AllDirectories))
            {
                indexBytes += new FileInfo(file).Length;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| index bytes per day / snapshot bytes per day | {indexBytes / days} / {snapshotBytes / days} | {100.0 * indexBytes / snapshotBytes:0.00} % | <= 5 % |"));

            var end = start.AddDays(days);
            var total = new HistoryQuery { From = start, To = end };
            store.Reset();
            await DrainAsync(history, total);
            var reads = store.Reads;
            var objects = reads.Select(r => r.Path).Distinct().Count();
            var bytesRead = reads.Sum(r => r.Bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {days}-day total: objects read per source per day (distinct / reads) | {objects / 2.0 / days:0.00} / {reads.Count / 2.0 / days:0.00} | {(reads.Any(r => r.Path.StartsWith("snapshots/", StringComparison.Ordinal)) ? "reads snapshots!" : "index only")} | <= 2 |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {days}-day total: bytes read / snapshot bytes in range | {bytesRead} / {snapshotBytes} | {100.0 * bytesRead / snapshotBytes:0.000} % | <= 5 % |"));

            var oneAccount = new HistoryQuery { From = start, To = end, Level = HistoryLevel.Account, AccountIds = ["acct_00042"] };
            var dayAll = new HistoryQuery { From = start.AddDays(days - 1), To = end, Level = HistoryLevel.Account, Step = Step("1h") };
            foreach (var (name, query) in new[] { ($"{days}-day total", total), ($"{days}-day one account", oneAccount), ("1 day every account step=1h", dayAll) })
            {
                store.Reset();
                var rows = await DrainAsync(history, query);
                var paths = store.Reads.Select(r => r.Path).ToList();
                var (p50, p99) = await TimeAsync(() => DrainAsync(history, query));
                var (f50, f99) = await TimeAsync(async () =>
                {
                    foreach (var path in paths)
                    {
                        await files.ReadAsync(path, CancellationToken.None);
                    }

                    return 0;
                });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| warm {name} ({rows} rows, {paths.Count} reads): p50 / p99 ms | {p50:0.0} / {p99:0.0} | floor (same reads) {f50:0.0} / {f99:0.0} | {p50 / Math.Max(f50, 0.001):0.00}x |"));
            }

            foreach (var level in new[] { HistoryLevel.Total, HistoryLevel.Account })
            {
                var oneDay = await PeakAsync(history, new HistoryQuery { From = start, To = start.AddDays(1), Level = level, Step = level == HistoryLevel.Account ? Step("1h") : null });
                var allDays = await PeakAsync(history, new HistoryQuery { From = start, To = end, Level = level, Step = level == HistoryLevel.Account ? Step("1h") : null });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| peak live heap during the query, level={level}: 1 day / {days} days (KB) | {oneDay / 1024} / {allDays / 1024} | {(double)allDays / Math.Max(oneDay, 1):0.00}x | <= 1.5x |"));
            }

            var readAll = Stopwatch.StartNew();
            var snapshotCount = 0;
            await foreach (var path in files.ListAsync("snapshots/", CancellationToken.None))
            {
                await files.ReadAsync(path, CancellationToken.None);
                snapshotCount++;
            }

            var readSeconds = readAll.Elapsed.TotalSeconds;
            var summary = await index.ReindexAsync(null, null, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| reindex: snapshots/s | {summary.Snapshots / summary.Elapsed.TotalSeconds:0.0} ({summary.Snapshots} in {summary.Elapsed.TotalSeconds:0.0} s) | reading them alone: {snapshotCount / readSeconds:0.0}/s ({readSeconds:0.0} s) | {summary.Elapsed.TotalSeconds / readSeconds:0.00}x |"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static HistoryStep Step(string text) => HistoryStep.TryParse(text, out var step) ? step! : throw new ArgumentException(text);

    private static async Task<long> DrainAsync(HistoryService history, HistoryQuery query)
    {
        var plan = await history.PlanAsync(query, CancellationToken.None);
        await HistoryJsonWriter.WriteAsync(Stream.Null, history.ReadRowsAsync(plan, CancellationToken.None), CancellationToken.None);
        return plan.RowCount;
    }

    private static async Task<(double P50, double P99)> TimeAsync(Func<Task<long>> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)]);
    }

    // Highest live managed heap above the starting point while rows stream: a full collection after the plan and
    // every 2,048 rows, so garbage not yet collected does not count, only what the query holds on to.
    private static async Task<long> PeakAsync(HistoryService history, HistoryQuery query)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var plan = await history.PlanAsync(query, CancellationToken.None);
        var peak = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        var count = 0;
        await foreach (var row in history.ReadRowsAsync(plan, CancellationToken.None))
        {
            if (++count % 2048 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        GC.KeepAlive(plan);
        return peak;
    }

    internal static async Task BuildFixtureAsync(FileSnapshotStore store, HistoryIndex index, DateTimeOffset start, int clients, int accounts, int days)
    {
        var random = new Random(42);
        var balances = new string[clients * 3];
        for (var i = 0; i < balances.Length; i++)
        {
            balances[i] = Amount(random);
        }

        var valuations = new (string Usd, string Btc)[accounts];
        for (var i = 0; i < accounts; i++)
        {
            valuations[i] = (Amount(random), Amount(random));
        }

        string[] assets = ["USDC", "USD", "EUR"];
        string?[] networks = ["ethereum", null, null];
        for (var slot = 0; slot < days * SlotsPerDay; slot++)
        {
            var at = start.AddMinutes(15 * slot);
            if (slot > 0)
            {
                // 5 % of balances change per slot.
                for (var i = 0; i < balances.Length / 20; i++)
                {
                    balances[random.Next(balances.Length)] = Amount(random);
                }

                for (var i = 0; i < Math.Max(1, accounts / 20); i++)
                {
                    valuations[random.Next(accounts)] = (Amount(random), Amount(random));
                }
            }

            var conduit = new List<AccountRecord>(clients);
            for (var c = 0; c < clients; c++)
            {
                var id = c.ToString("D5", CultureInfo.InvariantCulture);
                conduit.Add(new AccountRecord
                {
                    Source = SourceNames.Conduit,
                    Id = "acct_" + id,
                    ClientId = "client_" + id,
                    Name = "Client " + id + " Ltd",
                    Balances = [.. Enumerable.Range(0, 3).Select(b => new BalanceRecord(assets[b], networks[b], balances[(c * 3) + b]))],
                });
            }

            var threeCommas = new List<AccountRecord>(accounts);
            for (var a = 0; a < accounts; a++)
            {
                threeCommas.Add(new AccountRecord
                {
                    Source = SourceNames.ThreeCommas,
                    Id = (100000 + a).ToString(CultureInfo.InvariantCulture),
                    Name = "Exchange account " + a.ToString(CultureInfo.InvariantCulture),
                    Exchange = "binance",
                    UsdAmount = valuations[a].Usd,
                    BtcAmount = valuations[a].Btc,
                });
            }

            foreach (var (source, list) in new[] { (SourceNames.Conduit, conduit), (SourceNames.ThreeCommas, threeCommas) })
            {
                var document = new SnapshotDocument
                {
                    Source = source,
                    Slot = at,
                    Trigger = "schedule",
                    StartedAt = at,
                    CompletedAt = at.AddSeconds(2),
                    Status = "ok",
                    Accounts = list,
                    Totals = TotalsCalculator.Compute(source, list),
                };
                await using (var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None))
                {
                    await store.WriteAsync(SnapshotPaths.Snapshot(source, at), content, StoreCondition.IfAbsent, CancellationToken.None);
                }

                await index.AddAsync(document, CancellationToken.None);
            }
        }
    }

    private static string Amount(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.Next(0, 10_000_000)}.{random.Next(0, 1_000_000):D6}");

    /// <summary>Counts reads (path and bytes) of an inner store.</summary>
    private sealed class CountingStore(ISnapshotStore inner) : ISnapshotStore
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, long Bytes)> _reads = new();

        public string Description => inner.Description;

        public List<(string Path, long Bytes)> Reads => [.. _reads];

        public void Reset() => _reads.Clear();

        public Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken) =>
            inner.WriteAsync(path, content, condition, cancellationToken);

        public async Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
        {
            var read = await inner.ReadAsync(path, cancellationToken);
            _reads.Enqueue((path, read?.Content.Length ?? 0));
            return read;
        }

        public Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
    }
}
