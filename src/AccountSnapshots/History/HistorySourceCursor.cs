namespace AccountSnapshots.History;

/// <summary>
/// One source's contributing snapshots of a query, in time order, reading one index day at a time (each day object
/// once). A snapshot contributes when it is the last successful one of its bucket (every successful one without a
/// step). Only a bucket that runs past the end of a day can be taken over by a later day; its rows are held (one
/// slot's rows, never the range) until the next day with a slot shows whether it is.
/// </summary>
internal sealed class HistorySourceCursor(HistoryIndex index, HistoryQuery query, string source, IReadOnlyList<DateOnly> days)
{
    private readonly List<(DateTimeOffset Time, HistoryTotalsSlot Slot)> _slots = [];
    private int _nextDay;
    private int _nextSlot;
    private HistorySlotRows? _rows;
    private (DateTimeOffset Time, DateTimeOffset At, List<HistoryRow> Rows)? _held;
    private HistoryTotalsSlot? _current;
    private List<HistoryRow>? _currentRows;

    public string Source => source;

    /// <summary>The current snapshot's row time (its bucket's start, or its slot without a step).</summary>
    public DateTimeOffset Time { get; private set; }

    /// <summary>The current snapshot's slot.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The current snapshot's rows; read them before moving on.</summary>
    public IEnumerable<HistoryRow> Rows() => _currentRows ?? _rows!.RowsAt(_current!, Time);

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_nextSlot < _slots.Count)
            {
                var (time, slot) = _slots[_nextSlot++];
                if (_nextSlot == _slots.Count && _nextDay < days.Count && EndOf(time) > DayEnd(days[_nextDay - 1]))
                {
                    _held = (time, slot.At, [.. _rows!.RowsAt(slot, time)]);
                    continue;
                }

                _current = slot;
                return Current(time, slot.At, rows: null);
            }

            if (_nextDay == days.Count)
            {
                return _held is { } last && Release(last);
            }

            await LoadDayAsync(days[_nextDay++], cancellationToken);
            if (_held is not { } held)
            {
                continue;
            }

            if (_slots.Count > 0 && _slots[0].Time == held.Time)
            {
                _held = null; // A later successful slot of the same bucket takes its place.
            }
            else if (_slots.Count > 0 || _nextDay == days.Count || EndOf(held.Time) <= DayEnd(days[_nextDay - 1]))
            {
                return Release(held);
            }
        }
    }

    private bool Release((DateTimeOffset Time, DateTimeOffset At, List<HistoryRow> Rows) held)
    {
        _held = null;
        return Current(held.Time, held.At, held.Rows);
    }

    private bool Current(DateTimeOffset time, DateTimeOffset at, List<HistoryRow>? rows)
    {
        (Time, At, _currentRows) = (time, at, rows);
        return true;
    }

    private async Task LoadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var data = await index.ReadDayAsync(source, day, query.NeedsAccounts, cancellationToken);
        _rows = new HistorySlotRows(query, data);
        _slots.Clear();
        _nextSlot = 0;
        foreach (var slot in data.Totals.Slots)
        {
            if (!slot.Ok || slot.At < query.From || slot.At >= query.To)
            {
                continue;
            }

            // Slots are in ascending order, so a bucket's slots are adjacent and the last one stays.
            var time = query.Step?.BucketOf(slot.At) ?? slot.At;
            if (_slots.Count > 0 && _slots[^1].Time == time)
            {
                _slots[^1] = (time, slot);
            }
            else
            {
                _slots.Add((time, slot));
            }
        }
    }

    private DateTimeOffset EndOf(DateTimeOffset time) => query.Step is { } step ? time + step.Length : time;

    private static DateTimeOffset DayEnd(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
