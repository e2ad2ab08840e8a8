using System.Text.Json.Serialization;

namespace AccountSnapshots.Model;

/// <summary>A total per source, asset and network.</summary>
public sealed record TotalRecord(string Source, string Asset, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Network, string Amount);
