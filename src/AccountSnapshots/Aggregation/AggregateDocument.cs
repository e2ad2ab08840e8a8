using AccountSnapshots.Model;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// <c>latest/aggregate.json</c>: the public contract dashboards read (schemaVersion 1). Fields may be added; none
/// may be renamed or dropped.
/// </summary>
public sealed record AggregateDocument
{
    /// <summary>Current schema version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Always 1 for this shape.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>When this aggregate was written (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>One entry per source, in <see cref="Upstream.SourceNames.All"/> order.</summary>
    public required IReadOnlyList<SourceStatus> Sources { get; init; }

    /// <summary>Accounts of every source (last good data of each).</summary>
    public required IReadOnlyList<AccountRecord> Accounts { get; init; }

    /// <summary>Totals per source and asset.</summary>
    public required IReadOnlyList<TotalRecord> Totals { get; init; }

    /// <summary>Everything that needs attention now.</summary>
    public required IReadOnlyList<AlertRecord> Alerts { get; init; }

    /// <summary>Only on <c>latest?at=</c>: the moment this aggregate was reconstructed for (absent otherwise).</summary>
    public DateTimeOffset? AsOf { get; init; }
}
