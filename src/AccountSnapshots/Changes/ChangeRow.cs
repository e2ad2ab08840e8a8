namespace AccountSnapshots.Changes;

/// <summary>
/// One series that moved between two moments (a contract with dashboards). Amounts are exact decimal strings; a side
/// where the series is absent is null (and counts as zero in <see cref="Change"/>).
/// </summary>
public sealed record ChangeRow(
    string Source,
    string? ClientId,
    string? AccountId,
    string? Name,
    string Asset,
    string? Network,
    string? FromAmount,
    string? ToAmount,
    string Change,
    DateTimeOffset? FromSnapshotAt,
    DateTimeOffset? ToSnapshotAt);
