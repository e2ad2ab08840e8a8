using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Scheduling;

/// <summary>Events of the scheduled runs (6100s).</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 6101, EventName = "SnapshotPastDue", Level = LogLevel.Warning,
        Message = "Schedule of {Source} is past due: running the missed occurrence {Occurrence:O} now")]
    public static partial void PastDue(ILogger logger, string source, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 6102, EventName = "SchedulerStarted", Level = LogLevel.Information,
        Message = "Scheduler started: {Source} on \"{Expression}\" (UTC), next at {Next:O}")]
    public static partial void SchedulerStarted(ILogger logger, string source, string expression, DateTimeOffset next);

    [LoggerMessage(EventId = 6103, EventName = "ScheduledRunCrashed", Level = LogLevel.Error,
        Message = "Scheduled run of {Source} for {Occurrence:O} threw; the schedule continues")]
    public static partial void ScheduledRunCrashed(ILogger logger, Exception exception, string source, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 6104, EventName = "SchedulerStopping", Level = LogLevel.Information,
        Message = "Scheduler stopping: in-flight runs are cancelled before anything partial is written")]
    public static partial void SchedulerStopping(ILogger logger);
}
