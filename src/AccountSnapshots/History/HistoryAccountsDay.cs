namespace AccountSnapshots.History;

/// <summary><c>history/{source}/{yyyy}/{MM}/{dd}/accounts.json</c>: a series table and the day's slots, oldest first.</summary>
public sealed record HistoryAccountsDay
{
    /// <summary>Current schema version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version of this document.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Every series any slot of the day refers to (append-only).</summary>
    public required IReadOnlyList<HistorySeries> Series { get; init; }

    /// <summary>Slots in ascending time.</summary>
    public required IReadOnlyList<HistoryAccountsSlot> Slots { get; init; }
}
