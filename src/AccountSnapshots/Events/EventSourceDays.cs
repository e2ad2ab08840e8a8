using AccountSnapshots.History;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Events;

/// <summary>
/// One source's day slots from the history index, read once per query (the timeline walks back, then forward over
/// the same days). Slots indexed before events existed are completed from their snapshots.
/// </summary>
internal sealed class EventSourceDays(HistoryIndex index, string source, ILogger logger)
{
    private readonly Dictionary<DateOnly, IReadOnlyList<HistoryTotalsSlot>> _days = [];

    public async Task<IReadOnlyList<HistoryTotalsSlot>> ReadAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_days.TryGetValue(day, out var cached))
        {
            return cached;
        }

        var slots = (await index.ReadDayAsync(source, day, accounts: false, cancellationToken)).Totals.Slots.ToList();
        var old = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            if (slots[i].Findings is not null)
            {
                continue;
            }

            old++;
            var document = await index.ReadSnapshotDocumentAsync(source, slots[i].At, cancellationToken);
            slots[i] = document is null
                ? slots[i] with { Findings = [] }
                : HistoryEntries.SlotOf(document) with { At = slots[i].At, Ok = slots[i].Ok };
        }

        if (old > 0)
        {
            EventsLog.ReadFromSnapshots(logger, source, day, old);
        }

        _days[day] = slots;
        return slots;
    }
}
