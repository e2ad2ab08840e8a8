using System.Globalization;
using System.Runtime.CompilerServices;
using AccountSnapshots.Storage;

namespace AccountSnapshots.History;

/// <summary>
/// Finds a source's last successful slot at or before a moment by walking the day index backwards. The walk stops at
/// the source's earliest indexed day, found once per instance from one listing of <c>history/{source}/</c> (ordinal
/// order is day order, so only its first name is read) and only when the first day does not answer: a source with no
/// data before the moment costs a few store calls, not two per day of <c>Api:MaxHistoryDays</c>. Days before the
/// earliest indexed one are never read (a reindex indexes them). One instance serves one query; the changes
/// query, <c>latest?at=</c>, the 24 h baseline and the events look-back all walk back through it.
/// </summary>
internal sealed class HistoryLookBack(HistoryIndex index, ISnapshotStore store)
{
    private readonly Dictionary<string, DateOnly?> _earliest = new(StringComparer.Ordinal);

    /// <summary>The last successful slot of <paramref name="source"/> at or before <paramref name="at"/>, at most <paramref name="maxDays"/> days back; null when none.</summary>
    public async Task<HistoryTotalsSlot?> LastOkAsync(string source, DateTimeOffset at, int maxDays, CancellationToken cancellationToken)
    {
        await foreach (var day in DaysAsync(source, HistoryPaths.DayOf(at), maxDays, cancellationToken))
        {
            var data = await index.ReadDayAsync(source, day, accounts: false, cancellationToken);
            if (data.Totals.Slots.LastOrDefault(s => s.Ok && s.At <= at) is { } slot)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>
    /// The days to read walking back from <paramref name="first"/>, newest first: at most <paramref name="maxDays"/>
    /// of them, and none before the source's earliest indexed day (the listing is made only if a second day is asked
    /// for). Every look-back over the day index walks these days, so the stop lives here only.
    /// </summary>
    public async IAsyncEnumerable<DateOnly> DaysAsync(string source, DateOnly first, int maxDays, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var day = first;
        for (var i = 0; i < maxDays; i++, day = day.AddDays(-1))
        {
            // The first day is always read: it may be today's, whose index a failed write left for reads to complete.
            if (i > 0 && (await EarliestDayAsync(source, cancellationToken) is not { } earliest || day < earliest))
            {
                yield break;
            }

            yield return day;
        }
    }

    private async Task<DateOnly?> EarliestDayAsync(string source, CancellationToken cancellationToken)
    {
        if (_earliest.TryGetValue(source, out var known))
        {
            return known;
        }

        DateOnly? earliest = null;
        var prefix = HistoryPaths.Root + source + "/";
        await foreach (var path in store.ListAsync(prefix, cancellationToken))
        {
            // history/{source}/{yyyy}/{MM}/{dd}/…: the first name listed is the earliest day.
            if (DateOnly.TryParseExact(path.AsSpan(prefix.Length, Math.Min(10, path.Length - prefix.Length)), "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                earliest = day;
                break;
            }
        }

        _earliest[source] = earliest;
        return earliest;
    }
}
