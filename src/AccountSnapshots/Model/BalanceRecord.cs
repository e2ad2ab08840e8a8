using System.Text.Json.Serialization;

namespace AccountSnapshots.Model;

/// <summary>
/// One balance line. <see cref="Amount"/> is a plain decimal string with the upstream's exact digits; <see cref="Network"/>
/// is always written (null for fiat), as in the aggregate contract.
/// </summary>
public sealed record BalanceRecord(string Asset, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Network, string Amount)
{
    /// <summary>Country code when the upstream sent one (Conduit fiat balances).</summary>
    public string? Country { get; init; }
}
