namespace AccountSnapshots.History;

/// <summary>
/// Pure operations on the day index documents: adding a slot (idempotent: a slot already present changes nothing),
/// merging two copies of a day, and decoding the chain of changes back into each slot's full state. Slots may arrive
/// in any order (a late run, a reindex beside live runs), so an insert re-bases the change list of the slot after it.
/// </summary>
internal static class HistoryDayCodec
{
    /// <summary>The day with the slot added; null when the day already lists it.</summary>
    public static HistoryTotalsDay? AddTotals(HistoryTotalsDay? day, string source, DateTimeOffset at, bool ok, IReadOnlyList<HistoryTotal>? totals) =>
        AddTotals(day, source, new HistoryTotalsSlot { At = at, Ok = ok, Totals = ok ? totals ?? [] : null });

    /// <summary>The day with the slot (and its event fields) added; null when the day already lists it.</summary>
    public static HistoryTotalsDay? AddTotals(HistoryTotalsDay? day, string source, HistoryTotalsSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var slots = day?.Slots ?? [];
        var position = InsertionPoint(slots, s => s.At, slot.At);
        if (position < 0)
        {
            return null;
        }

        var list = slots.ToList();
        list.Insert(position, slot.Ok ? slot with { Totals = slot.Totals ?? [] } : slot with { Totals = null });
        return new HistoryTotalsDay { Source = source, Slots = list };
    }

    /// <summary>The day with the slot added (its changes against the successful slot before, the next one re-based); null when already listed.</summary>
    public static HistoryAccountsDay? AddAccounts(HistoryAccountsDay? day, string source, DateTimeOffset at, bool ok, IReadOnlyDictionary<HistorySeries, string>? state)
    {
        var slots = day?.Slots ?? [];
        var position = InsertionPoint(slots, s => s.At, at);
        if (position < 0)
        {
            return null;
        }

        var list = slots.ToList();
        if (!ok)
        {
            list.Insert(position, new HistoryAccountsSlot { At = at, Ok = false });
            return new HistoryAccountsDay { Source = source, Series = day?.Series ?? [], Slots = list };
        }

        var series = (day?.Series ?? []).ToList();
        var lookup = new Dictionary<HistorySeries, int>(series.Count);
        for (var i = 0; i < series.Count; i++)
        {
            lookup.TryAdd(series[i], i);
        }

        var incoming = new Dictionary<int, string>(state?.Count ?? 0);
        foreach (var (key, amount) in state ?? new Dictionary<HistorySeries, string>())
        {
            if (!lookup.TryGetValue(key, out var index))
            {
                index = series.Count;
                series.Add(key);
                lookup.Add(key, index);
            }

            incoming[index] = amount;
        }

        // The state just before the insertion point, from the chain of the successful slots before it.
        var previous = new Dictionary<int, string>();
        for (var i = 0; i < position; i++)
        {
            Apply(previous, list[i]);
        }

        list.Insert(position, Diff(previous, incoming, at));
        var next = list.FindIndex(position + 1, s => s.Ok);
        if (next >= 0)
        {
            var nextState = new Dictionary<int, string>(previous);
            Apply(nextState, list[next]);
            list[next] = Diff(incoming, nextState, list[next].At);
        }

        return new HistoryAccountsDay { Source = source, Series = series, Slots = list };
    }

    /// <summary>Adds to <paramref name="into"/> every slot of <paramref name="other"/> it lacks; null when it lacks none.</summary>
    public static HistoryTotalsDay? Merge(HistoryTotalsDay into, HistoryTotalsDay other)
    {
        HistoryTotalsDay? changed = null;
        foreach (var slot in other.Slots)
        {
            changed = AddTotals(changed ?? into, into.Source, slot) ?? changed;
        }

        return changed;
    }

    /// <summary>Adds to <paramref name="into"/> every slot of <paramref name="other"/> it lacks; null when it lacks none.</summary>
    public static HistoryAccountsDay? Merge(HistoryAccountsDay into, HistoryAccountsDay other)
    {
        var known = into.Slots.Select(s => s.At).ToHashSet();
        if (other.Slots.All(s => known.Contains(s.At)))
        {
            return null;
        }

        var result = into;
        foreach (var slot in other.Slots.Where(s => !s.Ok && !known.Contains(s.At)))
        {
            result = AddAccounts(result, into.Source, slot.At, ok: false, null) ?? result;
        }

        foreach (var (slot, state) in Decode(other))
        {
            if (!known.Contains(slot.At))
            {
                var full = state.ToDictionary(p => other.Series[p.Key], p => p.Value);
                result = AddAccounts(result, into.Source, slot.At, ok: true, full) ?? result;
            }
        }

        return result;
    }

    /// <summary>
    /// Each successful slot with its full state (series index to amount), oldest first. The dictionary is one
    /// instance updated in place: read it before moving on, never keep it.
    /// </summary>
    public static IEnumerable<(HistoryAccountsSlot Slot, IReadOnlyDictionary<int, string> State)> Decode(HistoryAccountsDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var state = new Dictionary<int, string>();
        foreach (var slot in day.Slots)
        {
            if (!slot.Ok)
            {
                continue;
            }

            Apply(state, slot);
            yield return (slot, state);
        }
    }

    private static void Apply(Dictionary<int, string> state, HistoryAccountsSlot slot)
    {
        if (!slot.Ok)
        {
            return;
        }

        foreach (var removed in slot.Removed ?? [])
        {
            state.Remove(removed);
        }

        foreach (var change in slot.Set ?? [])
        {
            state[change.Series] = change.Amount;
        }
    }

    private static HistoryAccountsSlot Diff(Dictionary<int, string> previous, Dictionary<int, string> next, DateTimeOffset at)
    {
        var set = next
            .Where(p => !previous.TryGetValue(p.Key, out var old) || !string.Equals(old, p.Value, StringComparison.Ordinal))
            .Select(p => new HistoryChange(p.Key, p.Value))
            .OrderBy(c => c.Series)
            .ToList();
        var removed = previous.Keys.Where(k => !next.ContainsKey(k)).Order().ToList();
        return new HistoryAccountsSlot { At = at, Ok = true, Set = set.Count == 0 ? null : set, Removed = removed.Count == 0 ? null : removed };
    }

    // Where a slot at `at` goes in ascending order; -1 when a slot with that time is already there.
    private static int InsertionPoint<T>(IReadOnlyList<T> slots, Func<T, DateTimeOffset> atOf, DateTimeOffset at)
    {
        var position = slots.Count;
        while (position > 0 && atOf(slots[position - 1]) >= at)
        {
            if (atOf(slots[position - 1]) == at)
            {
                return -1;
            }

            position--;
        }

        return position;
    }
}
