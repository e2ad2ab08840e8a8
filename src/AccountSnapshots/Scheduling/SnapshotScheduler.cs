using AccountSnapshots.Aggregation;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Scheduling;

/// <summary>
/// The CLI's stand-in for the two Functions timers: each source runs on its own NCRONTAB schedule (UTC). At start, a
/// missed occurrence (later than the source's last attempt in the aggregate) runs once, like the timer's catch-up.
/// A run that outlasts its interval skips the occurrences it overlapped, as a timer does not restart while running.
/// </summary>
internal sealed class SnapshotScheduler(
    ScheduledSnapshotRunner runner,
    SnapshotSchedules schedules,
    AggregateUpdater aggregates,
    TimeProvider timeProvider,
    ILogger<SnapshotScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var lastAttempts = await LastAttemptsAsync(stoppingToken);
            await Task.WhenAll(SourceNames.All.Select(source => RunScheduleAsync(source, lastAttempts.GetValueOrDefault(source), stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            SchedulerLog.SchedulerStopping(logger);
        }
    }

    private async Task RunScheduleAsync(string source, DateTimeOffset? lastAttempt, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var now = timeProvider.GetUtcNow();
        var expression = schedules.GetExpression(source);
        var firstNext = schedules.GetNextOccurrence(source, now);
        SchedulerLog.SchedulerStarted(logger, source, expression, firstNext);
        var missed = schedules.GetLatestOccurrence(source, now);
        if (missed is not null && (lastAttempt is null || lastAttempt < missed))
        {
            SchedulerLog.PastDue(logger, source, missed.Value);
            await RunSafelyAsync(source, missed.Value, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedules.GetNextOccurrence(source, timeProvider.GetUtcNow());
            var delay = next - timeProvider.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }

            await RunSafelyAsync(source, next, stoppingToken);
        }
    }

    private async Task RunSafelyAsync(string source, DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunOccurrenceAsync(source, occurrence, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The runner reports upstream and storage faults as results; anything else (including a cancellation
            // that is not ours) is a bug, and one bad run must not stop the schedule.
            SchedulerLog.ScheduledRunCrashed(logger, ex, source, occurrence);
        }
    }

    private async Task<Dictionary<string, DateTimeOffset?>> LastAttemptsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var aggregate = await aggregates.ReadCurrentAsync(cancellationToken);
            return aggregate?.Sources.ToDictionary(s => s.Source, s => s.LastAttemptAt, StringComparer.Ordinal) ?? [];
        }
        catch (SnapshotStoreException)
        {
            // Unknown history: catching up is the safe choice, the slot's create-only write prevents duplicates.
            return [];
        }
    }
}
