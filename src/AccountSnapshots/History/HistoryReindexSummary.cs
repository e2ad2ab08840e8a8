namespace AccountSnapshots.History;

/// <summary>What a reindex did: snapshot documents read (and their bytes) and day index objects written.</summary>
public sealed record HistoryReindexSummary(int Snapshots, long SnapshotBytes, int DaysWritten, TimeSpan Elapsed);
