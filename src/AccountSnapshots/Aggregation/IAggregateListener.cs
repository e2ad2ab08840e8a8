namespace AccountSnapshots.Aggregation;

/// <summary>Told about every aggregate this process writes (the HTTP API's in-memory copy refreshes from it).</summary>
internal interface IAggregateListener
{
    void OnAggregateWritten(AggregateUpdate update);
}
