using System.Text.Json;

namespace AccountSnapshots.Tests.Events;

/// <summary>Event rows parsed from the response JSON with JsonDocument (not the product's types).</summary>
internal static class EventRows
{
    public sealed record Row(string Time, string? TimeEnd, string Kind, string Source, string? AccountId, string Title, string Text, string Tags, string? Exchange, string? State, string? ErrorKind, int? HttpStatus);

    public static List<Row> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        return [.. document.RootElement.EnumerateArray().Select(e =>
        {
            Assert.Equal(12, e.EnumerateObject().Count());
            return new Row(
                e.GetProperty("time").GetString()!,
                e.GetProperty("timeEnd").GetString(),
                e.GetProperty("kind").GetString()!,
                e.GetProperty("source").GetString()!,
                e.GetProperty("accountId").GetString(),
                e.GetProperty("title").GetString()!,
                e.GetProperty("text").GetString()!,
                string.Join('|', e.GetProperty("tags").EnumerateArray().Select(t => t.GetString())),
                e.GetProperty("exchange").GetString(),
                e.GetProperty("state").GetString(),
                e.GetProperty("errorKind").GetString(),
                e.GetProperty("httpStatus").ValueKind == JsonValueKind.Null ? null : e.GetProperty("httpStatus").GetInt32());
        })];
    }
}
