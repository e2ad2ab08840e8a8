using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>One log call as the logger saw it: event, level, formatted message and structured fields.</summary>
public sealed record CapturedEvent(string Category, EventId EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception)
{
    public object? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;
}
