namespace AccountSnapshots.Aggregation;

/// <summary>The version of a <c>latest/{source}.json</c> this process last wrote or read, and the slot it holds.</summary>
internal sealed record LatestCopyVersion(string ETag, DateTimeOffset Slot);
