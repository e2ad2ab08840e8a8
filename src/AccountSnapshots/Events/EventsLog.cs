using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Events;

/// <summary>Event timeline events (7100s). Never a balance here.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 7100, EventName = "EventsReadFromSnapshots", Level = LogLevel.Information,
        Message = "History index of {Source} for {Day} has {Slots} slot(s) indexed before events existed; read them from the snapshots (run reindex to add them to the index)")]
    public static partial void ReadFromSnapshots(ILogger logger, string source, DateOnly day, int slots);
}
