namespace AccountSnapshots.Snapshots;

/// <summary>
/// Told about every snapshot document this process stores (successful or failed), after the aggregate update; the
/// history index is derived from it. A listener must not throw for storage faults: the document is already stored.
/// </summary>
internal interface ISnapshotListener
{
    Task OnSnapshotStoredAsync(SnapshotDocument document, CancellationToken cancellationToken);
}
