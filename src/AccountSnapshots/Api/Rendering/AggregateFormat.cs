namespace AccountSnapshots.Api;

/// <summary>Representations of the latest aggregate.</summary>
internal enum AggregateFormat
{
    /// <summary>The aggregate document (default).</summary>
    Json,

    /// <summary>One row per balance or valuation.</summary>
    Csv,
}
