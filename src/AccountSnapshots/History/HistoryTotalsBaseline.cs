using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Storage;

namespace AccountSnapshots.History;

/// <summary>
/// <see cref="ITotalsBaseline"/> from the day index's <c>totals.json</c>: usually one day object (plus the day's
/// snapshot listing); the walk back never passes the source's earliest indexed day (<see cref="HistoryLookBack"/>).
/// </summary>
internal sealed class HistoryTotalsBaseline(HistoryIndex index, ISnapshotStore store) : ITotalsBaseline
{
    // A bound for a source that failed for a very long time; the earliest indexed day normally ends the walk first.
    private const int MaxDays = 400;

    public async Task<IReadOnlyList<TotalRecord>?> ReadTotalsAtAsync(string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var slot = await new HistoryLookBack(index, store).LastOkAsync(source, at, MaxDays, cancellationToken);
        return slot is null ? null : [.. (slot.Totals ?? []).Select(t => new TotalRecord(source, t.Asset, t.Network, t.Amount))];
    }
}
