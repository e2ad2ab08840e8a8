namespace AccountSnapshots.History;

/// <summary><c>history/{source}/{yyyy}/{MM}/{dd}/totals.json</c>: the day's slots with their totals, oldest first.</summary>
public sealed record HistoryTotalsDay
{
    /// <summary>Current schema version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version of this document.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Slots in ascending time.</summary>
    public required IReadOnlyList<HistoryTotalsSlot> Slots { get; init; }

    /// <summary>
    /// When a listing of the day's <c>snapshots/</c> folder, made after the day had settled, last found every slot here;
    /// null until then. Any later change to the day drops it (the writers build a new day), so it is never stale.
    /// </summary>
    public DateTimeOffset? VerifiedAt { get; init; }
}
