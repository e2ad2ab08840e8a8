namespace AccountSnapshots.Snapshots;

/// <summary>Outcome of one run of one source.</summary>
public enum SnapshotRunStatus
{
    /// <summary>Fetched and stored; the aggregate serves the new data.</summary>
    Succeeded,

    /// <summary>The fetch or the store failed; the failure is recorded and earlier good data is kept.</summary>
    Failed,

    /// <summary>A snapshot for this slot already existed; nothing was fetched or changed.</summary>
    AlreadyTaken,
}
