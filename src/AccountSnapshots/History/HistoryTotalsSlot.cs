using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.History;

/// <summary>One slot of <c>totals.json</c>; a failed slot has no totals.</summary>
public sealed record HistoryTotalsSlot
{
    /// <summary>The snapshot's slot (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>True when the snapshot succeeded.</summary>
    public required bool Ok { get; init; }

    /// <summary>Totals per asset and network, as the snapshot computed them.</summary>
    public IReadOnlyList<HistoryTotal>? Totals { get; init; }

    /// <summary>
    /// The snapshot's findings (exchange key and totals alerts), for the event timeline; empty when it had none. Null
    /// only in slots indexed before events existed: readers then read the snapshot itself (a reindex fills it in).
    /// </summary>
    public IReadOnlyList<AlertRecord>? Findings { get; init; }

    /// <summary>Why a failed snapshot failed (null when ok, or when the snapshot is unreadable).</summary>
    public SourceError? Error { get; init; }
}
