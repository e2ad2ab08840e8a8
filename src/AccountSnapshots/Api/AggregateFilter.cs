using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Api;

/// <summary>Applies <see cref="AggregateQuery"/> filters to a parsed aggregate (JSON and CSV share this).</summary>
internal static class AggregateFilter
{
    /// <summary>
    /// Keeps accounts, totals and alerts of the requested source and asset; <c>alertsOnly</c> keeps only accounts that
    /// have an alert and the alerts (totals are dropped: they describe all accounts). <c>sources[]</c> is kept whole.
    /// </summary>
    public static AggregateDocument Apply(AggregateDocument document, AggregateQuery query)
    {
        if (!query.HasFilter)
        {
            return document;
        }

        var accounts = new List<AccountRecord>();
        foreach (var account in document.Accounts)
        {
            if (query.Source is not null && !string.Equals(account.Source, query.Source, StringComparison.Ordinal))
            {
                continue;
            }

            var kept = query.Asset is null ? account : FilterAsset(account, query.Asset);
            if (kept is not null)
            {
                accounts.Add(kept);
            }
        }

        var alerts = document.Alerts.Where(a =>
                (query.Source is null || string.Equals(a.Source, query.Source, StringComparison.Ordinal))
                && (query.Asset is null || a.Asset is null || string.Equals(a.Asset, query.Asset, StringComparison.OrdinalIgnoreCase))
                && (query.Asset is null || a.AccountId is null || accounts.Any(x => IsAlertFor(a, x))))
            .ToList();

        if (query.AlertsOnly)
        {
            accounts = [.. accounts.Where(x => alerts.Any(a => IsAlertFor(a, x)))];
        }

        var totals = query.AlertsOnly
            ? []
            : document.Totals.Where(t =>
                    (query.Source is null || string.Equals(t.Source, query.Source, StringComparison.Ordinal))
                    && (query.Asset is null || string.Equals(t.Asset, query.Asset, StringComparison.OrdinalIgnoreCase)))
                .ToList();

        return document with { Accounts = accounts, Totals = totals, Alerts = alerts };
    }

    /// <summary>True when <paramref name="asset"/> names the 3Commas USD valuation.</summary>
    public static bool IsUsd(string asset) => string.Equals(asset, "USD", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="asset"/> names the 3Commas BTC valuation.</summary>
    public static bool IsBtc(string asset) => string.Equals(asset, "BTC", StringComparison.OrdinalIgnoreCase);

    private static bool IsAlertFor(AlertRecord alert, AccountRecord account) =>
        alert.AccountId is not null
        && string.Equals(alert.Source, account.Source, StringComparison.Ordinal)
        && string.Equals(alert.AccountId, account.Id, StringComparison.Ordinal);

    // The account narrowed to the asset, or null when it holds none of it.
    private static AccountRecord? FilterAsset(AccountRecord account, string asset)
    {
        if (string.Equals(account.Source, SourceNames.ThreeCommas, StringComparison.Ordinal) || account.Balances is null)
        {
            // 3Commas accounts carry valuations, not balances: keep the one valuation that was asked for.
            if (IsUsd(asset) && account.UsdAmount is not null)
            {
                return account with { BtcAmount = null };
            }

            if (IsBtc(asset) && account.BtcAmount is not null)
            {
                return account with { UsdAmount = null };
            }

            if (account.Balances is null)
            {
                return null;
            }
        }

        var balances = account.Balances.Where(b => string.Equals(b.Asset, asset, StringComparison.OrdinalIgnoreCase)).ToList();
        return balances.Count == 0 ? null : account with { Balances = balances };
    }
}
