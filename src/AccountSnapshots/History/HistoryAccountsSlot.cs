namespace AccountSnapshots.History;

/// <summary>
/// One slot of <c>accounts.json</c>. A successful slot stores only what changed since the previous successful slot of
/// the day (the first one stores everything); a failed slot stores nothing and is skipped by the chain.
/// </summary>
public sealed record HistoryAccountsSlot
{
    /// <summary>The snapshot's slot (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>True when the snapshot succeeded.</summary>
    public required bool Ok { get; init; }

    /// <summary>Series whose amount is new or changed.</summary>
    public IReadOnlyList<HistoryChange>? Set { get; init; }

    /// <summary>Series (indexes) present in the previous successful slot and absent from this one.</summary>
    public IReadOnlyList<int>? Removed { get; init; }
}
