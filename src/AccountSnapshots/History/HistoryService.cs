using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Money;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.History;

/// <summary>
/// Answers history queries from the day index in two passes: <see cref="PlanAsync"/> decides which snapshots
/// contribute and counts the rows (so limits and ETags are known before the body starts), then
/// <see cref="ReadRowsAsync"/> streams the rows day by day, so memory holds one day per source, never the range.
/// </summary>
public sealed class HistoryService
{
    private readonly HistoryIndex _index;
    private readonly HistoryTotalsBaseline _baseline;

    internal HistoryService(HistoryIndex index, ISnapshotStore store)
    {
        _index = index;
        _baseline = new HistoryTotalsBaseline(index, store);
    }

    /// <summary>Works out the contributing snapshots, the row count and the ETag seed of <paramref name="query"/>.</summary>
    public async Task<HistoryPlan> PlanAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var chosen = new Dictionary<(string Source, DateTimeOffset Time), (DateTimeOffset At, long Rows)>();
        foreach (var day in Days(query))
        {
            foreach (var source in SourcesOf(query))
            {
                var data = await _index.ReadDayAsync(source, day, query.NeedsAccounts, cancellationToken);

                // Only the last slot of each bucket (within this day) can contribute, so only those are counted.
                var lastInDay = new Dictionary<DateTimeOffset, DateTimeOffset>();
                foreach (var slot in data.Totals.Slots.Where(s => s.Ok && s.At >= query.From && s.At < query.To))
                {
                    lastInDay[TimeOf(query, slot.At)] = slot.At;
                }

                if (lastInDay.Count == 0)
                {
                    continue;
                }

                var wanted = lastInDay.Values.ToHashSet();
                var counts = new SlotRows(query, data);
                foreach (var (at, rows) in counts.Rows(wanted))
                {
                    chosen[(source, TimeOf(query, at))] = (at, rows.Count);
                }
            }
        }

        var slots = chosen
            .OrderBy(p => p.Key.Time)
            .ThenBy(p => p.Key.Source, StringComparer.Ordinal)
            .Select(p => new HistoryPlannedSlot(p.Key.Source, p.Value.At, p.Key.Time))
            .ToList();
        var rowCount = chosen.Values.Sum(v => v.Rows);

        var seed = new StringBuilder("history-v1|").Append(query.Canonical());
        foreach (var slot in slots)
        {
            seed.Append('|').Append(slot.Source).Append('@').Append(slot.At.UtcTicks);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString()));
        return new HistoryPlan(query, slots, rowCount, Convert.ToHexStringLower(hash.AsSpan(0, 16)));
    }

    /// <summary>The rows of a plan, sorted by time, source, client, account, asset and network.</summary>
    public async IAsyncEnumerable<HistoryRow> ReadRowsAsync(HistoryPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var query = plan.Query;
        var cursors = new Dictionary<string, SlotRows>(StringComparer.Ordinal);
        var index = 0;
        while (index < plan.Slots.Count)
        {
            // One row time at a time: every source's slot for it, in source order.
            var time = plan.Slots[index].Time;
            for (; index < plan.Slots.Count && plan.Slots[index].Time == time; index++)
            {
                var slot = plan.Slots[index];
                var day = HistoryPaths.DayOf(slot.At);
                if (!cursors.TryGetValue(slot.Source, out var cursor) || cursor.Day != day)
                {
                    cursor = new SlotRows(query, await _index.ReadDayAsync(slot.Source, day, query.NeedsAccounts, cancellationToken));
                    cursors[slot.Source] = cursor;
                }

                foreach (var row in cursor.RowsAt(slot.At, slot.Time))
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>
    /// The aggregate as it stood at <paramref name="at"/>: for each source its last successful snapshot at or before
    /// it, and its status then (stale or failed when a later attempt up to <paramref name="at"/> failed). Looks back at
    /// most <paramref name="maxDays"/> days.
    /// </summary>
    public async Task<AggregateDocument> GetAggregateAtAsync(DateTimeOffset at, int maxDays, CancellationToken cancellationToken)
    {
        var document = AggregateMerger.Empty(at);
        foreach (var source in SourceNames.All)
        {
            HistoryTotalsSlot? lastOk = null;
            HistoryTotalsSlot? lastAttempt = null;
            var day = HistoryPaths.DayOf(at);
            for (var i = 0; i < maxDays && lastOk is null; i++, day = day.AddDays(-1))
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

    private static DateTimeOffset TimeOf(HistoryQuery query, DateTimeOffset at) => query.Step?.BucketOf(at) ?? at;

    private static IEnumerable<string> SourcesOf(HistoryQuery query)
    {
        foreach (var source in SourceNames.All)
        {
            if (query.Sources.Count > 0 && !query.Sources.Contains(source, StringComparer.Ordinal))
            {
                continue;
            }

            // 3Commas has no clients: nothing of it matches the client level or a clientId filter.
            if (source == SourceNames.ThreeCommas && (query.Level == HistoryLevel.Client || query.ClientIds.Count > 0))
            {
                continue;
            }

            yield return source;
        }
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

    /// <summary>The rows of one source's slots of one day, decoding its change chain forward only.</summary>
    private sealed class SlotRows
    {
        private readonly HistoryQuery _query;
        private readonly HistoryDay _data;
        private readonly HashSet<string>? _assets;
        private readonly HashSet<string>? _clients;
        private readonly HashSet<string>? _accounts;
        private readonly IEnumerator<(HistoryAccountsSlot Slot, IReadOnlyDictionary<int, string> State)>? _chain;
        private readonly int[]? _order;

        public SlotRows(HistoryQuery query, HistoryDay data)
        {
            _query = query;
            _data = data;
            _assets = query.Assets.Count > 0 ? new HashSet<string>(query.Assets, StringComparer.OrdinalIgnoreCase) : null;
            _clients = query.ClientIds.Count > 0 ? new HashSet<string>(query.ClientIds, StringComparer.Ordinal) : null;
            _accounts = query.AccountIds.Count > 0 ? new HashSet<string>(query.AccountIds, StringComparer.Ordinal) : null;
            if (query.NeedsAccounts && data.Accounts is { } accounts)
            {
                _chain = HistoryDayCodec.Decode(accounts).GetEnumerator();

                // The output order of series, worked out once a day; filtered series never enter it.
                _order = [.. Enumerable.Range(0, accounts.Series.Count)
                    .Where(i => Matches(accounts.Series[i]))
                    .OrderBy(i => accounts.Series[i].ClientId, StringComparer.Ordinal)
                    .ThenBy(i => accounts.Series[i].AccountId, StringComparer.Ordinal)
                    .ThenBy(i => accounts.Series[i].Asset, StringComparer.Ordinal)
                    .ThenBy(i => accounts.Series[i].Network, StringComparer.Ordinal)];
            }
        }

        public DateOnly Day => _data.Day;

        public IEnumerable<(DateTimeOffset At, List<HistoryRow> Rows)> Rows(IReadOnlySet<DateTimeOffset> slots)
        {
            foreach (var at in slots.Order())
            {
                yield return (at, RowsAt(at, at).ToList());
            }
        }

        /// <summary>The rows of the slot at <paramref name="at"/>; slots must be asked for in ascending order.</summary>
        public IEnumerable<HistoryRow> RowsAt(DateTimeOffset at, DateTimeOffset time)
        {
            var source = _data.Source;
            if (!_query.NeedsAccounts)
            {
                var slot = _data.Totals.Slots.FirstOrDefault(s => s.At == at && s.Ok);
                foreach (var total in (slot?.Totals ?? [])
                    .Where(t => _assets is null || _assets.Contains(t.Asset))
                    .OrderBy(t => t.Asset, StringComparer.Ordinal)
                    .ThenBy(t => t.Network, StringComparer.Ordinal))
                {
                    yield return new HistoryRow(time, source, null, null, null, total.Asset, total.Network, total.Amount, at);
                }

                yield break;
            }

            if (_chain is null || !Advance(at))
            {
                yield break;
            }

            var series = _data.Accounts!.Series;
            var state = _chain.Current.State;
            if (_query.Level == HistoryLevel.Account)
            {
                foreach (var i in _order!)
                {
                    if (state.TryGetValue(i, out var amount))
                    {
                        var s = series[i];
                        yield return new HistoryRow(time, source, s.ClientId, s.AccountId, s.Name, s.Asset, s.Network, amount, at);
                    }
                }

                yield break;
            }

            // Client or filtered total level: exact sums over the matching account series, in key order.
            var client = _query.Level == HistoryLevel.Client;
            var groups = new SortedDictionary<(string? Client, string Asset, string? Network), List<string>>(GroupKeyComparer.Instance);
            foreach (var i in _order!)
            {
                if (state.TryGetValue(i, out var amount))
                {
                    var s = series[i];
                    var key = (client ? s.ClientId : null, s.Asset, s.Network);
                    (groups.TryGetValue(key, out var list) ? list : groups[key] = []).Add(amount);
                }
            }

            foreach (var (key, amounts) in groups)
            {
                yield return new HistoryRow(time, source, key.Client, null, null, key.Asset, key.Network, ExactDecimal.Sum(amounts), at);
            }
        }

        private bool Advance(DateTimeOffset at)
        {
            if (_chain!.Current.Slot is { } current && current.At == at)
            {
                return true;
            }

            while (_chain.MoveNext())
            {
                if (_chain.Current.Slot.At == at)
                {
                    return true;
                }

                if (_chain.Current.Slot.At > at)
                {
                    return false;
                }
            }

            return false;
        }

        private bool Matches(HistorySeries series) =>
            (_assets is null || _assets.Contains(series.Asset))
            && (_clients is null || (series.ClientId is not null && _clients.Contains(series.ClientId)))
            && (_accounts is null || _accounts.Contains(series.AccountId));
    }

    private sealed class GroupKeyComparer : IComparer<(string? Client, string Asset, string? Network)>
    {
        public static readonly GroupKeyComparer Instance = new();

        public int Compare((string? Client, string Asset, string? Network) x, (string? Client, string Asset, string? Network) y)
        {
            var c = string.CompareOrdinal(x.Client, y.Client);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(x.Asset, y.Asset);
            return c != 0 ? c : string.CompareOrdinal(x.Network, y.Network);
        }
    }
}
