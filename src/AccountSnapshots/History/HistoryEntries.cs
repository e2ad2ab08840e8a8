using AccountSnapshots.Money;
using AccountSnapshots.Snapshots;

namespace AccountSnapshots.History;

/// <summary>
/// What one stored snapshot adds to the day index: its totals slot (with the findings and error the event timeline
/// reads) and its account-level state. <see cref="HistoryDayCodec"/> files these into the day documents.
/// </summary>
internal static class HistoryEntries
{
    /// <summary>The account-level series and amounts of a successful snapshot; duplicate lines of one series are summed.</summary>
    public static Dictionary<HistorySeries, string> StateOf(SnapshotDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var state = new Dictionary<HistorySeries, string>();
        foreach (var account in document.Accounts)
        {
            // Balances, or a 3Commas account's USD and BTC valuations (as the CSV serves them).
            foreach (var amount in account.Amounts())
            {
                Add(state, new HistorySeries(account.Id, account.ClientId, account.Name, amount.Asset, amount.Network), amount.Amount);
            }
        }

        return state;
    }

    /// <summary>The snapshot's own totals as index lines.</summary>
    public static IReadOnlyList<HistoryTotal> TotalsOf(SnapshotDocument document) =>
        [.. document.Totals.Select(t => new HistoryTotal(t.Asset, t.Network, t.Amount))];

    /// <summary>The totals slot of a stored snapshot, with what the event timeline needs (findings, error).</summary>
    public static HistoryTotalsSlot SlotOf(SnapshotDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ok = document.IsOk;
        return new HistoryTotalsSlot
        {
            At = document.Slot,
            Ok = ok,
            Totals = ok ? TotalsOf(document) : null,
            Findings = ok ? [.. document.Findings.Select(f => f.Kind == Model.AlertKinds.ExchangeApiKeyInvalid ? f with { Message = null } : f)] : [],
            // Served on /api/events: without the Key Vault URI, secret or setting names (the snapshot keeps them).
            Error = ok ? null : document.Error?.ForServing(),
        };
    }

    private static void Add(Dictionary<HistorySeries, string> state, HistorySeries series, string? amount)
    {
        if (amount is null)
        {
            return;
        }

        state[series] = state.TryGetValue(series, out var existing) ? ExactDecimal.Sum([existing, amount]) : amount;
    }
}
