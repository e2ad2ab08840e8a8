using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>Exact totals per source: Conduit per (asset, network) over clients; 3Commas USD and BTC over accounts.</summary>
internal static class TotalsCalculator
{
    public static IReadOnlyList<TotalRecord> Compute(string source, IReadOnlyList<AccountRecord> accounts)
    {
        if (source == SourceNames.ThreeCommas)
        {
            var totals = new List<TotalRecord>(2);
            AddSum(totals, source, "USD", accounts.Select(a => a.UsdAmount));
            AddSum(totals, source, "BTC", accounts.Select(a => a.BtcAmount));
            return totals;
        }

        return accounts
            .SelectMany(a => a.Balances ?? [])
            .GroupBy(b => (b.Asset, b.Network))
            .OrderBy(g => g.Key.Asset, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Network ?? "", StringComparer.Ordinal)
            .Select(g => new TotalRecord(source, g.Key.Asset, g.Key.Network, ExactDecimal.Sum(g.Select(b => b.Amount))))
            .ToList();
    }

    /// <summary>
    /// <c>totalsMismatch</c> alerts where the upstream's own totals disagree with the per-account sums (both compared
    /// exactly; a line present on one side only counts as a mismatch unless it is zero).
    /// </summary>
    public static IReadOnlyList<AlertRecord> FindMismatches(string source, IReadOnlyList<TotalRecord> computed, IReadOnlyList<BalanceRecord> upstreamTotals)
    {
        if (upstreamTotals.Count == 0)
        {
            return [];
        }

        var reported = upstreamTotals
            .GroupBy(b => (b.Asset, b.Network))
            .ToDictionary(g => g.Key, g => ExactDecimal.Sum(g.Select(b => b.Amount)));
        var ours = computed.ToDictionary(t => (t.Asset, t.Network), t => t.Amount);
        var alerts = new List<AlertRecord>();
        foreach (var key in reported.Keys.Union(ours.Keys).OrderBy(k => k.Asset, StringComparer.Ordinal).ThenBy(k => k.Network ?? "", StringComparer.Ordinal))
        {
            var theirs = reported.GetValueOrDefault(key, "0");
            var mine = ours.GetValueOrDefault(key, "0");
            if (ExactDecimal.Compare(theirs, mine) != 0)
            {
                alerts.Add(new AlertRecord
                {
                    Kind = AlertKinds.TotalsMismatch,
                    Source = source,
                    Asset = key.Asset,
                    Network = key.Network,
                    Message = $"{source} totalBalances reports {theirs} {key.Asset}{(key.Network is null ? "" : " on " + key.Network)} but the per-client balances sum to {mine}",
                });
            }
        }

        return alerts;
    }

    private static void AddSum(List<TotalRecord> totals, string source, string asset, IEnumerable<string?> amounts)
    {
        var present = amounts.Where(a => a is not null).Select(a => a!).ToList();
        if (present.Count > 0)
        {
            totals.Add(new TotalRecord(source, asset, null, ExactDecimal.Sum(present)));
        }
    }
}
