namespace AccountSnapshots.Snapshots;

/// <summary>One balance line. <see cref="Amount"/> is a plain decimal string with the upstream's exact digits.</summary>
public sealed record BalanceRecord(string Asset, string? Network, string Amount)
{
    /// <summary>Country code when the upstream sent one (Conduit fiat balances).</summary>
    public string? Country { get; init; }
}
