using System.Diagnostics;
using System.Globalization;
using AccountSnapshots.Api;
using AccountSnapshots.Changes;
using AccountSnapshots.Events;
using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The 30-day changes and events queries of issue 15 on the history benchmark's fixture
/// (<c>dotnet run -c Release --project tests/AccountSnapshots.Benchmarks -- changes-events [clients] [accounts]
/// [days]</c>; the fixture is built by <see cref="HistoryBenchmarkFixture.BuildAsync"/>). For each query: store calls
/// (reads and listings) and bytes read, warm p50/p99 beside the floor of the same store reads (as the history
/// benchmark measures it) and of the same reads plus the same listings.
/// </summary>
internal static class ChangesEventsBenchmark
{
    private const int Runs = 15;

    // Api:MaxHistoryDays' default: the look-back bound the changes route passes.
    private const int MaxDays = 400;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var accounts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var directory = Path.Combine(Path.GetTempPath(), "changes-events-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance);
            var store = new CountingStore(files);
            var index = new HistoryIndex(store, TimeProvider.System, NullLogger<HistoryIndex>.Instance);
            var changes = new ChangesService(index, store);
            var schedules = new SnapshotSchedules(Options.Create(new SnapshotScheduleOptions()));
            var events = new EventsService(index, store, schedules, TimeProvider.System, NullLogger<EventsService>.Instance);
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
            var end = start.AddDays(days);

            var build = Stopwatch.StartNew();
            await HistoryBenchmarkFixture.BuildAsync(files, start, clients, accounts, days, Console.Error.WriteLine);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixture: {clients} clients x 3 balances, {accounts} 3Commas accounts, {days} days x 96 slots, built in {build.Elapsed.TotalSeconds:0.0} s"));

            var queries = new (string Name, Func<Task<int>> Run)[]
            {
                ($"{days}-day changes, level=total", () => ChangesAsync(changes, new HistoryQuery { From = start, To = end })),
                ($"{days}-day changes, level=account (every series)", () => ChangesAsync(changes, new HistoryQuery { From = start, To = end, Level = HistoryLevel.Account })),
                ($"changes from a day before the first snapshot, level=total (look-back)", () => ChangesAsync(changes, new HistoryQuery { From = start.AddDays(-1), To = end })),
                ($"{days}-day events, every source and kind", () => EventsAsync(events, new EventQuery { From = start, To = end })),
            };
            foreach (var (name, run) in queries)
            {
                store.Reset();
                var rows = await run();
                var reads = store.Reads;
                var lists = store.Lists;
                var (p50, p99) = await TimeAsync(run);
                var (f50, f99) = await TimeAsync(() => FloorAsync(files, reads, []));
                var (l50, l99) = await TimeAsync(() => FloorAsync(files, reads, lists));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| warm {name} ({rows} rows; {reads.Count} reads, {reads.Sum(r => r.Bytes)} bytes, {lists.Count} listings): p50 / p99 ms | {p50:0.0} / {p99:0.0} | floor (same reads) {f50:0.0} / {f99:0.0}; with the same listings {l50:0.0} / {l99:0.0} | {p50 / Math.Max(f50, 0.001):0.00}x / {p50 / Math.Max(l50, 0.001):0.00}x |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> ChangesAsync(ChangesService changes, HistoryQuery filter)
    {
        var rows = await changes.ReadAsync(new ChangesQuery { Filter = filter }, MaxDays, CancellationToken.None);
        await ChangesWriter.WriteJsonAsync(Stream.Null, rows, CancellationToken.None);
        return rows.Count;
    }

    private static async Task<int> EventsAsync(EventsService events, EventQuery query)
    {
        var rows = await events.ReadAsync(query, CancellationToken.None);
        await EventsJsonWriter.WriteAsync(Stream.Null, rows, CancellationToken.None);
        return rows.Count;
    }

    private static async Task<int> FloorAsync(FileSnapshotStore files, List<(string Path, long Bytes)> reads, List<string> lists)
    {
        foreach (var prefix in lists)
        {
            await foreach (var path in files.ListAsync(prefix, CancellationToken.None))
            {
                _ = path;
            }
        }

        foreach (var (path, _) in reads)
        {
            await files.ReadAsync(path, CancellationToken.None);
        }

        return 0;
    }

    private static async Task<(double P50, double P99)> TimeAsync(Func<Task<int>> action)
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
}
