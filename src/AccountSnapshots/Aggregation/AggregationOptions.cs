using System.ComponentModel.DataAnnotations;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Settings of the aggregate's owner. Bound from section <c>Snapshots</c>: <c>Snapshots:MaxAggregateAttempts</c> is
/// the published setting name, kept although Aggregation, not the snapshot run, now reads it.
/// </summary>
internal sealed class AggregationOptions
{
    /// <summary>Configuration section name (shared with <see cref="Snapshots.SnapshotOptions"/>; see above).</summary>
    public const string SectionName = "Snapshots";

    /// <summary>
    /// How often a conditional write of <c>latest/aggregate.json</c> or <c>latest/{source}.json</c> is retried after
    /// losing an optimistic-concurrency race. Default 20.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Snapshots:MaxAggregateAttempts must be between 1 and 1000.")]
    public int MaxAggregateAttempts { get; set; } = 20;
}
