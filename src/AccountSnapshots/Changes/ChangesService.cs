using AccountSnapshots.History;
using AccountSnapshots.Money;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Changes;

/// <summary>
/// What moved between two moments, from the history index: per source the last successful slot at or before each
/// moment (found from the day totals, never walking past the source's earliest indexed day), then the totals of those
/// slots or the account states their change chains decode to. Reads at most the days it walks back plus two days'
/// account objects per source.
/// </summary>
public sealed class ChangesService
{
    private readonly HistoryIndex _index;
    private readonly ISnapshotStore _store;

    internal ChangesService(HistoryIndex index, ISnapshotStore store)
    {
        _index = index;
        _store = store;
    }

    /// <summary>
    /// The rows, sorted by asset, then by absolute change (largest first), then source, client, account and network.
    /// Moments are looked up at most <paramref name="maxDays"/> days back.
    /// </summary>
    public async Task<IReadOnlyList<ChangeRow>> ReadAsync(ChangesQuery query, int maxDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        var rows = new List<(ChangeRow Row, string Size)>();
        var lookBack = new HistoryLookBack(_index, _store);
        foreach (var source in filter.SelectedSources())
        {
            var fromAt = (await lookBack.LastOkAsync(source, filter.From, maxDays, cancellationToken))?.At;
            var toAt = (await lookBack.LastOkAsync(source, filter.To, maxDays, cancellationToken))?.At;
            var before = fromAt is { } f ? await StateAsync(source, f, filter, cancellationToken) : [];
            var after = toAt is { } t ? await StateAsync(source, t, filter, cancellationToken) : [];
            foreach (var key in before.Keys.Union(after.Keys))
            {
                var old = before.GetValueOrDefault(key);
                var now = after.GetValueOrDefault(key);
                var change = ExactDecimal.Subtract(now?.Value ?? "0", old?.Value ?? "0");
                var moved = old is null || now is null || ExactDecimal.Compare(change, "0") != 0;
                var size = ExactDecimal.Abs(change);
                if (!moved || (query.MinChange is { } min && ExactDecimal.Compare(size, min) < 0))
                {
                    continue;
                }

                rows.Add((new ChangeRow(source, key.Client, key.Account, (now ?? old)!.Name, key.Asset, key.Network,
                    old?.Value, now?.Value, change, old is null ? null : fromAt, now is null ? null : toAt), size));
            }
        }

        var sorted = rows
            .OrderBy(r => r.Row.Asset, StringComparer.Ordinal)
            .ThenByDescending(r => r.Size, Comparer<string>.Create(ExactDecimal.Compare))
            .ThenBy(r => r.Row.Source, StringComparer.Ordinal)
            .ThenBy(r => r.Row.ClientId, StringComparer.Ordinal)
            .ThenBy(r => r.Row.AccountId, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Network, StringComparer.Ordinal)
            .Select(r => r.Row);
        return [.. query.Limit is { } limit ? sorted.Take(limit) : sorted];
    }

    // The amounts of one slot at the query's level, keyed without the name (a renamed account is not a move).
    private async Task<Dictionary<(string? Client, string? Account, string Asset, string? Network), Line>> StateAsync(
        string source, DateTimeOffset at, HistoryQuery query, CancellationToken cancellationToken)
    {
        var assets = query.Assets.Count > 0 ? new HashSet<string>(query.Assets, StringComparer.OrdinalIgnoreCase) : null;
        var result = new Dictionary<(string?, string?, string, string?), Line>();
        var data = await _index.ReadDayAsync(source, HistoryPaths.DayOf(at), query.NeedsAccounts, cancellationToken);
        if (!query.NeedsAccounts)
        {
            foreach (var total in data.Totals.Slots.First(s => s.At == at).Totals ?? [])
            {
                if (assets is null || assets.Contains(total.Asset))
                {
                    Add(result, (null, null, total.Asset, total.Network), null, total.Amount);
                }
            }

            return result;
        }

        var accounts = data.Accounts!;
        foreach (var (slot, state) in HistoryDayCodec.Decode(accounts))
        {
            if (slot.At != at)
            {
                continue;
            }

            foreach (var (index, amount) in state)
            {
                var series = accounts.Series[index];
                if ((assets is not null && !assets.Contains(series.Asset))
                    || (query.ClientIds.Count > 0 && (series.ClientId is null || !query.ClientIds.Contains(series.ClientId, StringComparer.Ordinal)))
                    || (query.AccountIds.Count > 0 && !query.AccountIds.Contains(series.AccountId, StringComparer.Ordinal)))
                {
                    continue;
                }

                var key = query.Level switch
                {
                    HistoryLevel.Account => (series.ClientId, series.AccountId, series.Asset, series.Network),
                    HistoryLevel.Client => (series.ClientId, (string?)null, series.Asset, series.Network),
                    _ => ((string?)null, (string?)null, series.Asset, series.Network),
                };
                Add(result, key, query.Level == HistoryLevel.Account ? series.Name : null, amount);
            }

            break;
        }

        return result;
    }

    private static void Add(Dictionary<(string?, string?, string, string?), Line> result, (string?, string?, string, string?) key, string? name, string amount) =>
        result[key] = result.TryGetValue(key, out var existing) ? new Line(existing.Name ?? name, ExactDecimal.Sum([existing.Value, amount])) : new Line(name, amount);

    private sealed record Line(string? Name, string Value);
}
