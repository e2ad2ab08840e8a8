using System.Runtime.CompilerServices;
using System.Text.Json;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.History;

/// <summary>
/// Reads stored snapshots for the index, the source of truth it is built and completed from. A missing or unreadable
/// snapshot (logged) counts as a failed slot with no error detail.
/// </summary>
internal sealed class HistorySnapshotReader(ISnapshotStore store, ILogger logger)
{
    /// <summary>The slot of every snapshot stored under <paramref name="prefix"/> (other names are skipped).</summary>
    public async IAsyncEnumerable<DateTimeOffset> ListSlotsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var path in store.ListAsync(prefix, cancellationToken))
        {
            if (HistoryPaths.SlotOf(path) is { } at)
            {
                yield return at;
            }
        }
    }

    /// <summary>The typed part of a stored snapshot; null when missing or unreadable (logged).</summary>
    public async Task<SnapshotDocument?> ReadDocumentAsync(string source, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await ReadAsync(source, at, cancellationToken)).Document;

    /// <summary>The slot as the index lists it, with the snapshot's size and, when successful, its account-level state.</summary>
    public async Task<(long Length, bool Ok, HistoryTotalsSlot Slot, Dictionary<HistorySeries, string>? State)> ReadSlotAsync(
        string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (length, document) = await ReadAsync(source, at, cancellationToken);
        if (document is null)
        {
            return (length, false, new HistoryTotalsSlot { At = at, Ok = false, Findings = [] }, null);
        }

        // The slot is the path's, even if a document disagrees, so the day never lists a slot twice.
        var slot = HistoryEntries.SlotOf(document) with { At = at };
        return document.IsOk
            ? (length, true, slot, HistoryEntries.StateOf(document))
            : (length, false, slot, null);
    }

    private async Task<(long Length, SnapshotDocument? Document)> ReadAsync(string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var path = SnapshotPaths.Snapshot(source, at);
        if (await store.ReadAsync(path, cancellationToken) is not { } stored)
        {
            return (0, null);
        }

        try
        {
            return (stored.Content.Length, SnapshotDocumentSerializer.Read(stored.Content.Span));
        }
        catch (JsonException ex)
        {
            HistoryLog.SnapshotUnreadable(logger, path, ex.Message);
            return (stored.Content.Length, null);
        }
    }
}
