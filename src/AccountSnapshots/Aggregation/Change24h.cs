using AccountSnapshots.Model;
using AccountSnapshots.Money;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// <see cref="TotalRecord.Change24h"/>: each total minus the same (asset, network) total of the source's last successful
/// snapshot at or before 24 h before this one, in exact decimal arithmetic. A total that snapshot lacks changed by its
/// full amount (as <c>accounts/changes</c> counts an absent side as zero); with no snapshot that far back every
/// <c>change24h</c> is null.
/// </summary>
internal static class Change24h
{
    /// <summary>How far back the comparison looks.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);

    /// <summary>The moment whose totals a snapshot at <paramref name="slot"/> is compared with.</summary>
    public static DateTimeOffset BaselineAt(DateTimeOffset slot) => slot - Period;

    /// <summary><paramref name="totals"/> with <c>change24h</c> set against <paramref name="baseline"/> (null: no snapshot 24 h back).</summary>
    public static IReadOnlyList<TotalRecord> Apply(IReadOnlyList<TotalRecord> totals, IReadOnlyList<TotalRecord>? baseline)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (baseline is null)
        {
            return [.. totals.Select(t => t with { Change24h = null })];
        }

        var before = new Dictionary<(string Asset, string? Network), string>();
        foreach (var total in baseline)
        {
            before[(total.Asset, total.Network)] = total.Amount;
        }

        return [.. totals.Select(t => t with { Change24h = ExactDecimal.Subtract(t.Amount, before.GetValueOrDefault((t.Asset, t.Network)) ?? "0") })];
    }
}
