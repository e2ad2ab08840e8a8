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

    public async Task<bool> HasSeenAsync(string source, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var current = await aggregates.ReadCurrentAsync(cancellationToken);
        return current?.Sources.FirstOrDefault(s => s.Source == source)?.LastAttemptAt is { } last && last >= slot;
    }

    public async Task<SnapshotPublication> PublishAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken)
    {
        var outcome = await change24h.AddAsync(SourceRunOutcome.From(document), cancellationToken);
        var update = await aggregates.UpdateAsync(outcome, cancellationToken);
        if (document.IsOk && update.Merge.DataReplaced)
        {
            await WriteLatestCopyAsync(document, content, cancellationToken);
        }

        foreach (var listener in listeners)
        {
            listener.OnAggregateWritten(update);
        }

        var alerts = update.Merge.Document.Alerts.Where(a => a.Source == document.Source).ToList();
        return new SnapshotPublication(update.Merge.RecoveredAccounts, alerts);
    }

    // The copy the aggregate is rebuilt from: replaced only by a later slot (create-if-absent, then If-Match).
    private async Task WriteLatestCopyAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken)
    {
        var path = SnapshotPaths.Latest(document.Source);
        for (var attempt = 1; attempt <= options.Value.MaxAggregateAttempts; attempt++)
        {
            var stored = await _latestCopies.ReadAsync(path, content => SnapshotDocumentSerializer.ReadSlot(content.Span), cancellationToken);
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
