using System.Text.Json;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Read-merge-write of <c>latest/aggregate.json</c> with optimistic concurrency (create-if-absent, then If-Match), so
/// two sources finishing together never lose each other's update. When the aggregate is missing or unreadable it is
/// rebuilt from the sources' <c>latest/{source}.json</c>, so losing it loses nothing.
/// </summary>
/// <remarks>
/// A warm process (the Functions app, <c>serve</c>) keeps the last aggregate it read or wrote, parsed, with its ETag:
/// when the store's current ETag (a HEAD on Blob) still matches, the 17 MB read and parse are skipped. Sharing the
/// instance is safe because the document and everything it holds are immutable records and read-only lists. The
/// conditional write is unchanged, so a change by another writer between the check and the write is still caught.
/// </remarks>
internal sealed class AggregateUpdater(ISnapshotStore store, Change24hCalculator change24h, TimeProvider timeProvider, IOptions<AggregationOptions> options, ILogger<AggregateUpdater> logger)
{
    private readonly StoreVersionCache<AggregateDocument?> _versions = new(store);

    public async Task<AggregateUpdate> UpdateAsync(SourceRunOutcome outcome, CancellationToken cancellationToken)
    {
        var attempts = options.Value.MaxAggregateAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var stored = await ReadStoredAsync(cancellationToken);
            var current = stored?.Value ?? await RebuildAsync(cancellationToken);

            var merged = AggregateMerger.Merge(current, outcome, AggregateMerger.NextGeneratedAt(timeProvider.GetUtcNow(), stored?.Value?.GeneratedAt));
            // Sized from the stored version plus room for a grown book: one buffer, outside the shared pool.
            var bytes = LargeJsonSerializer.SerializeToUtf8Bytes(merged.Document, AccountSnapshotsJsonContext.Default.AggregateDocument, (stored?.Length ?? 0) + 64 * 1024);
            var condition = stored is null ? StoreCondition.IfAbsent : StoreCondition.IfMatch(stored.ETag);
            using var content = new MemoryStream(bytes, writable: false);
            var result = await store.WriteAsync(SnapshotPaths.Aggregate, content, condition, cancellationToken);
            if (result.Written)
            {
                _versions.Keep(SnapshotPaths.Aggregate, new StoreVersion<AggregateDocument?>(result.ETag!, merged.Document, bytes.Length));
                return new AggregateUpdate(merged, bytes, result.ETag!, timeProvider.GetUtcNow());
            }

            AggregationLog.AggregateConflict(logger, outcome.Source, attempt);
        }

        throw new SnapshotStoreException($"Updating {SnapshotPaths.Aggregate} for {outcome.Source} lost {attempts} optimistic-concurrency races in a row ({store.Description}); the snapshot itself is stored and the next run merges it.");
    }

    /// <summary>The stored aggregate, or null when there is none or it is unreadable (logged).</summary>
    public async Task<AggregateDocument?> ReadCurrentAsync(CancellationToken cancellationToken) =>
        (await ReadStoredAsync(cancellationToken))?.Value;

    /// <summary>The stored aggregate's version (the kept one while its ETag is current); null when there is none.</summary>
    private Task<StoreVersion<AggregateDocument?>?> ReadStoredAsync(CancellationToken cancellationToken) =>
        _versions.ReadAsync(SnapshotPaths.Aggregate, content => TryParse(content.Span), cancellationToken);

    private AggregateDocument? TryParse(ReadOnlySpan<byte> content)
    {
        try
        {
            var document = JsonSerializer.Deserialize(content, AccountSnapshotsJsonContext.Default.AggregateDocument);
            if (document is not null && !AggregateDocumentChecks.IsComplete(document))
            {
                AggregationLog.AggregateUnreadable(logger, SnapshotPaths.Aggregate, "a list or a required value is null");
                return null;
            }

            return document;
        }
        catch (JsonException ex)
        {
            AggregationLog.AggregateUnreadable(logger, SnapshotPaths.Aggregate, ex.Message);
            return null;
        }
    }

    private async Task<AggregateDocument> RebuildAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var document = AggregateMerger.Empty(now);
        // Every source, the one being merged included: a failed run must still find its own last good data, and
        // the merge never lets an older slot replace newer data.
        foreach (var source in SourceNames.All)
        {
            var latest = await store.ReadAsync(SnapshotPaths.Latest(source), cancellationToken);
            if ((latest is null ? null : TryReadSnapshot(latest.Content.Span)) is { IsOk: true } summary)
            {
                var outcome = await change24h.AddAsync(SourceRunOutcome.From(summary), cancellationToken);
                document = AggregateMerger.Merge(document, outcome, now).Document;
            }
        }

        return document;
    }

    private SnapshotDocument? TryReadSnapshot(ReadOnlySpan<byte> content)
    {
        try
        {
            return SnapshotDocumentSerializer.Read(content);
        }
        catch (JsonException ex)
        {
            AggregationLog.AggregateUnreadable(logger, "latest snapshot", ex.Message);
            return null;
        }
    }
}
