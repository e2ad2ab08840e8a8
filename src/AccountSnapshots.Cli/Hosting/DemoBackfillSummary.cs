using System.Globalization;
using AccountSnapshots.Snapshots;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>What the demo's backfill did, per source and outcome.</summary>
internal sealed class DemoBackfillSummary(int slots)
{
    private readonly SortedDictionary<string, Dictionary<SnapshotRunStatus, int>> _counts = new(StringComparer.Ordinal);

    public int Slots { get; } = slots;

    public TimeSpan Elapsed { get; set; }

    public int Count(string source, SnapshotRunStatus status) =>
        _counts.TryGetValue(source, out var bySource) && bySource.TryGetValue(status, out var count) ? count : 0;

    public void Add(string source, SnapshotRunStatus status)
    {
        if (!_counts.TryGetValue(source, out var bySource))
        {
            _counts[source] = bySource = [];
        }

        bySource[status] = bySource.GetValueOrDefault(status) + 1;
    }

    public override string ToString()
    {
        var parts = _counts.Select(kv => string.Create(CultureInfo.InvariantCulture,
            $"{kv.Key} {Count(kv.Key, SnapshotRunStatus.Succeeded)} stored, {Count(kv.Key, SnapshotRunStatus.Failed)} failed, {Count(kv.Key, SnapshotRunStatus.AlreadyTaken)} already in the store"));
        return string.Create(CultureInfo.InvariantCulture, $"{Slots:N0} past slots in {Elapsed.TotalSeconds:F1} s: {string.Join("; ", parts)}");
    }
}
