namespace AccountSnapshots.Aggregation;

/// <summary>
/// One version of <c>latest/aggregate.json</c>: its store ETag, the parsed document (null when the stored bytes are not
/// a readable aggregate) and its size in bytes (to size the next write's buffer).
/// </summary>
internal sealed record StoredAggregate(string ETag, AggregateDocument? Document, int Length);
