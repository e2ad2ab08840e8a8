using System.Text.Json.Serialization;

namespace AccountSnapshots.History;

/// <summary>A source's total of one asset and network in one slot (the snapshot's own exact total).</summary>
public sealed record HistoryTotal(string Asset, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Network, string Amount);
