using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.History;

/// <summary>Adds every stored snapshot to the history index; a failed write leaves the day for queries to complete.</summary>
internal sealed class HistoryIndexListener(HistoryIndex index, ILogger<HistoryIndexListener> logger) : ISnapshotListener
{
    public async Task OnSnapshotStoredAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await index.AddAsync(document, cancellationToken);
        }
        catch (SnapshotStoreException ex)
        {
            // The snapshot is stored and is the truth; the index is derived and catches up on read or reindex.
            HistoryLog.IndexWriteFailed(logger, HistoryPaths.Accounts(document.Source, HistoryPaths.DayOf(document.Slot)), ex.Message);
        }
    }
}
