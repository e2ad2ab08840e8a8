using System.Threading;
using System.Threading.Tasks;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Upstream;
using Microsoft.Azure.Functions.Worker;

namespace AccountSnapshots.Functions;

/// <summary>
/// The two timers. Each is one call into the core runner, which takes the slot from the schedule occurrence (not
/// the wall clock), so a past-due catch-up or a duplicate firing writes nothing twice. Failures are recorded in the
/// store and logged as events by the core; the function itself succeeds so the host does not retry a recorded slot.
/// </summary>
public sealed class SnapshotFunctions(ScheduledSnapshotRunner runner)
{
    [Function("ConduitSnapshot")]
    public async Task ConduitSnapshotAsync(
        [TimerTrigger("%ConduitSnapshotSchedule%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        await runner.RunScheduledAsync(SourceNames.Conduit, timer.IsPastDue, cancellationToken);

    [Function("ThreeCommasSnapshot")]
    public async Task ThreeCommasSnapshotAsync(
        [TimerTrigger("%ThreeCommasSnapshotSchedule%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        await runner.RunScheduledAsync(SourceNames.ThreeCommas, timer.IsPastDue, cancellationToken);
}
