using AccountSnapshots.Snapshots;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Scheduling;

/// <summary>
/// What a timer calls: works out the schedule occurrence being served and runs that slot. Used by the Functions
/// timers and by the CLI's <c>serve</c>, so both hosts share the same NCRONTAB semantics.
/// </summary>
public sealed class ScheduledSnapshotRunner
{
    // Timers may fire a little before the occurrence (clock skew between the scale controller and the worker); a
    // small tolerance keeps the slot on the occurrence being served rather than the previous one.
    private static readonly TimeSpan s_earlyFireTolerance = TimeSpan.FromSeconds(5);

    private readonly SnapshotRunner _runner;
    private readonly SnapshotSchedules _schedules;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ScheduledSnapshotRunner> _logger;

    internal ScheduledSnapshotRunner(SnapshotRunner runner, SnapshotSchedules schedules, TimeProvider timeProvider, ILogger<ScheduledSnapshotRunner> logger)
    {
        _runner = runner;
        _schedules = schedules;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs the occurrence of <paramref name="source"/>'s schedule that is due now.</summary>
    public Task<SnapshotRunResult> RunScheduledAsync(string source, bool isPastDue, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var occurrence = _schedules.GetLatestOccurrence(source, now + s_earlyFireTolerance) ?? now;
        if (isPastDue)
        {
            SchedulerLog.PastDue(_logger, source, occurrence);
        }

        return RunOccurrenceAsync(source, occurrence, cancellationToken);
    }

    /// <summary>Runs a given schedule occurrence of <paramref name="source"/>.</summary>
    public Task<SnapshotRunResult> RunOccurrenceAsync(string source, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        _runner.RunAsync(source, SnapshotSlot.Scheduled(occurrence), cancellationToken);
}
