using AccountSnapshots.Model;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// The totals a source had at an earlier moment, for <see cref="TotalRecord.Change24h"/>. Declared here and
/// implemented by History (which sits above Aggregation and keeps the per-day totals), so the aggregate never calls
/// History directly.
/// </summary>
internal interface ITotalsBaseline
{
    /// <summary>The totals of <paramref name="source"/>'s last successful snapshot at or before <paramref name="at"/>; null when there is none.</summary>
    Task<IReadOnlyList<TotalRecord>?> ReadTotalsAtAsync(string source, DateTimeOffset at, CancellationToken cancellationToken);
}
