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
/// rebuilt from the other sources' <c>latest/{source}.json</c>, so losing it loses nothing.
/// </summary>
internal sealed class AggregateUpdater(ISnapshotStore store, TimeProvider timeProvider, IOptions<SnapshotOptions> options, ILogger<AggregateUpdater> logger)
{
    public async Task<AggregateUpdate> UpdateAsync(SourceRunOutcome outcome, CancellationToken cancellationToken)
    {
        var attempts = options.Value.MaxAggregateAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var stored = await store.ReadAsync(SnapshotPaths.Aggregate, cancellationToken);
            var current = stored is null ? null : TryParse(stored.Content.Span);
            if (current is null)
            {
                current = await RebuildAsync(outcome.Source, cancellationToken);
            }

            var merged = AggregateMerger.Merge(current, outcome, timeProvider.GetUtcNow());
            var bytes = JsonSerializer.SerializeToUtf8Bytes(merged.Document, AccountSnapshotsJsonContext.Default.AggregateDocument);
            var condition = stored is null ? StoreCondition.IfAbsent : StoreCondition.IfMatch(stored.ETag);
            using var content = new MemoryStream(bytes, writable: false);
            var result = await store.WriteAsync(SnapshotPaths.Aggregate, content, condition, cancellationToken);
            if (result.Written)
            {
                return new AggregateUpdate(merged, bytes, result.ETag!, timeProvider.GetUtcNow());
            }

            AggregationLog.AggregateConflict(logger, outcome.Source, attempt);
        }

        throw new SnapshotStoreException($"Updating {SnapshotPaths.Aggregate} for {outcome.Source} lost {attempts} optimistic-concurrency races in a row ({store.Description}); the snapshot itself is stored and the next run merges it.");
    }

    private AggregateDocument? TryParse(ReadOnlySpan<byte> content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, AccountSnapshotsJsonContext.Default.AggregateDocument);
        }
        catch (JsonException ex)
        {
            AggregationLog.AggregateUnreadable(logger, SnapshotPaths.Aggregate, ex.Message);
            return null;
        }
    }

    private async Task<AggregateDocument> RebuildAsync(string exceptSource, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var document = AggregateMerger.Empty(now);
        foreach (var source in SourceNames.All.Where(s => s != exceptSource))
        {
            var latest = await store.ReadAsync(SnapshotPaths.Latest(source), cancellationToken);
            var summary = latest is null ? null : TryReadSnapshot(latest.Content.Span);
            if (summary is { Status: "ok" })
            {
                document = AggregateMerger.Merge(document, new SourceRunOutcome
                {
                    Source = source,
                    Slot = summary.Slot,
                    Accounts = summary.Accounts,
                    Totals = summary.Totals,
                    DataAlerts = summary.Findings,
                }, now).Document;
            }
        }

        return document;
    }

    private SnapshotDocument? TryReadSnapshot(ReadOnlySpan<byte> content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, AccountSnapshotsJsonContext.Default.SnapshotDocument);
        }
        catch (JsonException ex)
        {
            AggregationLog.AggregateUnreadable(logger, "latest snapshot", ex.Message);
            return null;
        }
    }
}
