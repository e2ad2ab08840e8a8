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
}
