using AccountSnapshots.Money;

namespace AccountSnapshots.History;

/// <summary>The rows of one source's slots of one day, decoding its change chain forward only.</summary>
internal sealed class HistorySlotRows
{
    private readonly HistoryQuery _query;
    private readonly HistoryDay _data;
    private readonly HashSet<string>? _assets;
    private readonly HashSet<string>? _clients;
    private readonly HashSet<string>? _accounts;
    private readonly IEnumerator<(HistoryAccountsSlot Slot, IReadOnlyDictionary<int, string> State)>? _chain;
    private readonly int[]? _order;

    public HistorySlotRows(HistoryQuery query, HistoryDay data)
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

    /// <summary>The rows of <paramref name="slot"/> (a successful slot of this day); slots must be asked for in ascending order.</summary>
    public IEnumerable<HistoryRow> RowsAt(HistoryTotalsSlot slot, DateTimeOffset time)
    {
        var source = _data.Source;
        var at = slot.At;
        if (!_query.NeedsAccounts)
        {
            // A handful of lines per slot: sorted in place rather than through a LINQ pipeline per slot.
            var totals = new List<HistoryTotal>(slot.Totals?.Count ?? 0);
            foreach (var total in slot.Totals ?? [])
            {
                if (_assets is null || _assets.Contains(total.Asset))
                {
                    totals.Add(total);
                }
            }

            totals.Sort(static (x, y) => string.CompareOrdinal(x.Asset, y.Asset) is var c && c != 0 ? c : string.CompareOrdinal(x.Network, y.Network));
            foreach (var total in totals)
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
