namespace AccountSnapshots.History;

/// <summary>What one history row describes.</summary>
public enum HistoryLevel
{
    /// <summary>Per source, asset and network (the default).</summary>
    Total,

    /// <summary>Conduit per client, asset and network; 3Commas has no clients and gives no rows.</summary>
    Client,

    /// <summary>Per account and asset (3Commas accounts give their USD and BTC valuations).</summary>
    Account,
}
