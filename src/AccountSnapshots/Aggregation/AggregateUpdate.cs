namespace AccountSnapshots.Aggregation;

/// <summary>A written aggregate: the merge, its exact bytes and the store's version.</summary>
internal sealed record AggregateUpdate(AggregateMergeResult Merge, byte[] Bytes, string ETag, DateTimeOffset WrittenAt);
