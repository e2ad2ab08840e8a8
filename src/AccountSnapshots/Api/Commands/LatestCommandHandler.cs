using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api.Commands;

/// <summary>The aggregate for a host's own command: the stored <c>latest/aggregate.json</c>, or one rebuilt for a past moment.</summary>
public sealed class LatestCommandHandler
{
    private readonly ISnapshotStore _store;
    private readonly HistoryService _history;
    private readonly SnapshotSchedules _schedules;
    private readonly IOptions<ApiOptions> _options;
    private readonly TimeProvider _timeProvider;

    internal LatestCommandHandler(ISnapshotStore store, HistoryService history, SnapshotSchedules schedules, IOptions<ApiOptions> options, TimeProvider timeProvider) =>
        (_store, _history, _schedules, _options, _timeProvider) = (store, history, schedules, options, timeProvider);

    /// <summary>Reads the current aggregate (<paramref name="at"/> null) or the aggregate as it was at <paramref name="at"/>.</summary>
    public async Task<LatestAggregate> ReadAsync(DateTimeOffset? at, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        string? description = _store.Description;
        if (at is { } moment)
        {
            // As the route answers latest?at=: a source whose runs had stopped by then is stale, as it was then.
            var document = AggregateOverdue.Apply(await _history.GetAggregateAtAsync(moment, _options.Value.MaxHistoryDays, cancellationToken), _schedules, moment);
            bytes = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);
        }
        else
        {
            var stored = await _store.ReadAsync(SnapshotPaths.Aggregate, cancellationToken);
            bytes = stored?.Content.ToArray();
        }

        if (bytes is null)
        {
            description = null;
            bytes = JsonSerializer.SerializeToUtf8Bytes(AggregateMerger.Empty(_timeProvider.GetUtcNow()), AccountSnapshotsJsonContext.Default.AggregateDocument);
        }

        return new LatestAggregate(bytes, JsonSerializer.Deserialize(bytes, AccountSnapshotsJsonContext.Default.AggregateDocument)!, description);
    }

    /// <summary>The aggregate as the route's CSV.</summary>
    public static byte[] WriteCsv(AggregateDocument document) => AggregateCsvWriter.Write(document);
}
