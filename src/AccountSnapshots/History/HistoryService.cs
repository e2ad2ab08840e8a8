using System.Runtime.CompilerServices;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.History;

/// <summary>
/// Answers history queries from the day index in one pass that streams the rows day by day (memory holds one day per
/// source, never the range) while counting them and hashing the contributing snapshots for the ETag.
/// </summary>
public sealed class HistoryService
{
    private readonly HistoryIndex _index;
    private readonly ISnapshotStore _store;
    private readonly HistoryTotalsBaseline _baseline;

    internal HistoryService(HistoryIndex index, ISnapshotStore store)
    {
        _index = index;
        _store = store;
        _baseline = new HistoryTotalsBaseline(index, store);
    }

    /// <summary>
    /// The rows of <paramref name="query"/>, sorted by time, source, client, account, asset and network, streamed in
    /// one pass: each source's index days are read once, in order, one day per source at a time. Every row is counted
    /// into <paramref name="tally"/>, which also hashes the contributing snapshots; rows past its limit are only counted.
    /// </summary>
    internal async IAsyncEnumerable<HistoryRow> ReadRowsAsync(HistoryQuery query, HistoryTally tally, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(tally);
        tally.Begin(query);
        var days = Days(query).ToList();
        var live = new List<HistorySourceCursor>();
        foreach (var source in query.SelectedSources().Order(StringComparer.Ordinal))
        {
            var cursor = new HistorySourceCursor(_index, query, source, days);
            if (await cursor.MoveNextAsync(cancellationToken))
            {
                live.Add(cursor);
            }
        }

        while (live.Count > 0)
        {
            // The earliest row time next; on a tie the first source in ordinal order (the list keeps that order).
            var next = live[0];
            foreach (var cursor in live)
            {
                next = cursor.Time < next.Time ? cursor : next;
            }

            tally.AddSlot(next.Source, next.At);
            foreach (var row in next.Rows())
            {
                if (tally.CountRow())
                {
                    yield return row;
                }
            }

            if (!await next.MoveNextAsync(cancellationToken))
            {
                live.Remove(next);
            }
        }

        tally.Complete();
    }

    /// <summary>
    /// The aggregate as it stood at <paramref name="at"/>: for each source its last successful snapshot at or before
    /// it, and its status then (stale or failed when a later attempt up to <paramref name="at"/> failed). Looks back at
    /// most <paramref name="maxDays"/> days, and never past a source's earliest indexed day.
    /// </summary>
    public async Task<AggregateDocument> GetAggregateAtAsync(DateTimeOffset at, int maxDays, CancellationToken cancellationToken)
    {
        var document = AggregateMerger.Empty(at);
        var lookBack = new HistoryLookBack(_index, _store);
        foreach (var source in SourceNames.All)
        {
            HistoryTotalsSlot? lastOk = null;
            HistoryTotalsSlot? lastAttempt = null;
            await foreach (var day in lookBack.DaysAsync(source, HistoryPaths.DayOf(at), maxDays, cancellationToken))
            {
                var data = await _index.ReadDayAsync(source, day, accounts: false, cancellationToken);
                foreach (var slot in data.Totals.Slots.Where(s => s.At <= at).Reverse())
                {
                    lastAttempt ??= slot;
                    if (slot.Ok)
                    {
                        lastOk = slot;
                        break;
                    }
                }

                if (lastOk is not null)
                {
                    break;
                }
            }

            // The last good data first, then the failed attempt after it: the merge gives the status as it stood.
            foreach (var slot in new[] { lastOk, lastAttempt == lastOk ? null : lastAttempt })
            {
                if (slot is null || await _index.ReadSnapshotDocumentAsync(source, slot.At, cancellationToken) is not { } snapshot)
                {
                    continue;
                }

                // change24h as the aggregate written then had it: against 24 h before the served snapshot.
                var outcome = SourceRunOutcome.From(snapshot);
                if (snapshot.IsOk)
                {
                    outcome = outcome with { Totals = Change24h.Apply(outcome.Totals, await _baseline.ReadTotalsAtAsync(source, Change24h.BaselineAt(snapshot.Slot), cancellationToken)) };
                }

                document = AggregateMerger.Merge(document, outcome, at).Document;
            }
        }

        return document with { AsOf = at };
    }

    private static IEnumerable<DateOnly> Days(HistoryQuery query)
    {
        if (query.To <= query.From)
        {
            yield break;
        }

        var last = HistoryPaths.DayOf(query.To.AddTicks(-1));
        for (var day = HistoryPaths.DayOf(query.From); day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
