using System.Text.Json.Serialization;

namespace AccountSnapshots.Model;

/// <summary>A total per source, asset and network.</summary>
public sealed record TotalRecord(string Source, string Asset, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Network, string Amount)
{
    /// <summary>
    /// Only in the aggregate: <see cref="Amount"/> minus the same total in the source's last successful snapshot at or
    /// before 24 h before this one (the full amount when that snapshot lacks the total); null when there is no such
    /// snapshot. Written as null rather than left out so dashboards see one shape (schemaVersion 1, additive).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Change24h { get; init; }
}
