using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Owns the two derived objects a run feeds: <c>latest/aggregate.json</c> and <c>latest/{source}.json</c>. Both are
/// written conditionally, so two slots finishing out of order never leave either older than the other, and the same
/// document published twice (a retried write, an orphaned snapshot folded later) changes nothing.
/// </summary>
internal sealed class AggregatePublisher(
    AggregateUpdater aggregates,
    Change24hCalculator change24h,
    ISnapshotStore store,
    IEnumerable<IAggregateListener> listeners,
    IOptions<AggregationOptions> options,
    ILogger<AggregatePublisher> logger) : ISnapshotPublisher
{
    // Per latest copy, the version this process last wrote or read and its slot: while the store's ETag still matches,
    // the slot check needs no read of the whole copy (34 MB at 50,000 clients).
    private readonly StoreVersionCache<DateTimeOffset?> _latestCopies = new(store);

    public async Task<bool> HasSeenAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        var current = await aggregates.ReadCurrentAsync(cancellationToken);
        var status = current?.Sources.FirstOrDefault(s => s.Source == document.Source);
        if (!document.IsOk)
        {
            return status?.LastAttemptAt is { } last && last >= document.Slot;
        }

        // A good slot is seen once its data is in the aggregate and, while it is the newest data, in the latest copy
        // too. A run stopped between those two writes, or stopped before its merge while a later failed attempt was
        // merged, is then completed when its slot runs again instead of being taken as done.
        if (status?.SnapshotAt is not { } data || data < document.Slot)
        {
            return false;
        }

        return data > document.Slot || (await ReadLatestCopyAsync(document.Source, cancellationToken))?.Value >= document.Slot;
    }

    public async Task<SnapshotPublication> PublishAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken)
    {
        var outcome = await change24h.AddAsync(SourceRunOutcome.From(document), cancellationToken);
        var update = await aggregates.UpdateAsync(outcome, cancellationToken);

        // The aggregate is written: readers hear of it now, so a failed copy write below never keeps them on the old one.
        foreach (var listener in listeners)
        {
            listener.OnAggregateWritten(update);
        }

        if (document.IsOk && update.Merge.DataReplaced)
        {
            await WriteLatestCopyAsync(document, content, cancellationToken);
        }

        var alerts = update.Merge.Document.Alerts.Where(a => a.Source == document.Source).ToList();
        return new SnapshotPublication(update.Merge.RecoveredAccounts, alerts);
    }

    private Task<StoreVersion<DateTimeOffset?>?> ReadLatestCopyAsync(string source, CancellationToken cancellationToken) =>
        _latestCopies.ReadAsync(SnapshotPaths.Latest(source), content => SnapshotDocumentSerializer.ReadSlot(content.Span), cancellationToken);

    // The copy the aggregate is rebuilt from: replaced only by a later slot (create-if-absent, then If-Match).
    private async Task WriteLatestCopyAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken)
    {
        var path = SnapshotPaths.Latest(document.Source);
        for (var attempt = 1; attempt <= options.Value.MaxAggregateAttempts; attempt++)
        {
            var stored = await ReadLatestCopyAsync(document.Source, cancellationToken);
            if (stored is { Value: { } storedSlot } && storedSlot >= document.Slot)
            {
                AggregationLog.LatestCopyNewer(logger, path, storedSlot, document.Slot);
                return;
            }

            content.Position = 0;
            var condition = stored is { } version ? StoreCondition.IfMatch(version.ETag) : StoreCondition.IfAbsent;
            var result = await store.WriteAsync(path, content, condition, cancellationToken);
            if (result.Written)
            {
                _latestCopies.Keep(path, new StoreVersion<DateTimeOffset?>(result.ETag!, document.Slot, (int)content.Length));
                return;
            }
        }

        throw new SnapshotStoreException($"Writing {path} for slot {document.Slot:o} lost {options.Value.MaxAggregateAttempts} optimistic-concurrency races in a row ({store.Description}); the aggregate is written and the next run writes the copy.");
    }
}
