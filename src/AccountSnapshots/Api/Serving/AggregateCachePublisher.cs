using AccountSnapshots.Aggregation;

namespace AccountSnapshots.Api;

/// <summary>Pushes every aggregate this process writes into the HTTP API's in-memory copy, so it is fresh at once.</summary>
internal sealed class AggregateCachePublisher(AggregateCache cache) : IAggregateListener
{
    public void OnAggregateWritten(AggregateUpdate update) => cache.Publish(update.Merge.Document, update.Bytes, update.ETag, update.WrittenAt);
}
