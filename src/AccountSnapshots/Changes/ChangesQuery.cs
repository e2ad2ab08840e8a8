using AccountSnapshots.History;

namespace AccountSnapshots.Changes;

/// <summary>
/// A changes query: the balances as of <see cref="HistoryQuery.From"/> against those as of <see cref="HistoryQuery.To"/>
/// (each the last successful snapshot at or before, per source), at the level and with the filters of
/// <see cref="Filter"/> (its step is not used).
/// </summary>
public sealed record ChangesQuery
{
    /// <summary>Moments, level and filters.</summary>
    public required HistoryQuery Filter { get; init; }

    /// <summary>Drops rows whose absolute change is smaller (plain decimal, not negative); null keeps every row.</summary>
    public string? MinChange { get; init; }

    /// <summary>At most this many rows (after sorting); null for no cap.</summary>
    public int? Limit { get; init; }
}
