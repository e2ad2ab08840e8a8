namespace AccountSnapshots.History;

/// <summary>
/// One history row (a contract with dashboards). <see cref="Amount"/> is the exact decimal string; fields that do not
/// apply at a level are null.
/// </summary>
public sealed record HistoryRow(
    DateTimeOffset Time,
    string Source,
    string? ClientId,
    string? AccountId,
    string? Name,
    string Asset,
    string? Network,
    string Amount,
    DateTimeOffset SnapshotAt);
