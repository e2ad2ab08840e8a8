using System.Text.Json.Serialization;

namespace AccountSnapshots.History;

/// <summary>A series' amount in a slot: the index into the day's series table and the exact decimal string.</summary>
public sealed record HistoryChange([property: JsonPropertyName("s")] int Series, [property: JsonPropertyName("a")] string Amount);
