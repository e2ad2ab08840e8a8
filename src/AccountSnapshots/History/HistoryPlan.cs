namespace AccountSnapshots.History;

/// <summary>
/// What a query will return, worked out before any row is written: the snapshots that contribute (in output order),
/// the row count, and an ETag that changes exactly when that set changes (snapshots are immutable, so the set
/// determines the rows).
/// </summary>
public sealed record HistoryPlan(HistoryQuery Query, IReadOnlyList<HistoryPlannedSlot> Slots, long RowCount, string ETagSeed);

/// <summary>One contributing snapshot: its source and slot, and the row time (the bucket start, or the slot).</summary>
public sealed record HistoryPlannedSlot(string Source, DateTimeOffset At, DateTimeOffset Time);
