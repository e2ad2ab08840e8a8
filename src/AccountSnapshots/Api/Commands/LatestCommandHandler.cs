using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.History;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api.Commands;

/// <summary>The aggregate for a host's own command: the stored <c>latest/aggregate.json</c>, or one rebuilt for a past moment.</summary>
public sealed class LatestCommandHandler(ISnapshotStore store, HistoryService history, IOptions<ApiOptions> options, TimeProvider timeProvider)
{
    /// <summary>Reads the current aggregate (<paramref name="at"/> null) or the aggregate as it was at <paramref name="at"/>.</summary>
    public async Task<LatestAggregate> ReadAsync(DateTimeOffset? at, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        string? description = store.Description;
        if (at is { } moment)
        {
            var document = await history.GetAggregateAtAsync(moment, options.Value.MaxHistoryDays, cancellationToken);
            bytes = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);
        }
        else
        {
            var stored = await store.ReadAsync(SnapshotPaths.Aggregate, cancellationToken);
            bytes = stored?.Content.ToArray();
        }

        if (bytes is null)
        {
            description = null;
            bytes = JsonSerializer.SerializeToUtf8Bytes(AggregateMerger.Empty(timeProvider.GetUtcNow()), AccountSnapshotsJsonContext.Default.AggregateDocument);
        }

        return new LatestAggregate(bytes, JsonSerializer.Deserialize(bytes, AccountSnapshotsJsonContext.Default.AggregateDocument)!, description);
    }

    /// <summary>The aggregate as the route's CSV.</summary>
    public static byte[] WriteCsv(AggregateDocument document) => AggregateCsvWriter.Write(document);
}
