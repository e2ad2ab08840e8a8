using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Benchmarks;

/// <summary>The history benchmark's breakdown of the 30-day total and its reindex measurement.</summary>
internal static partial class HistoryBenchmark
{
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
