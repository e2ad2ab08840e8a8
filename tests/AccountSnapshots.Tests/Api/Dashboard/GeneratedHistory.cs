using AccountSnapshots.Sandbox;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Tests.Reliability;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// <c>serve</c>'s composition (<see cref="ServeTestHost"/>, no scheduler) over a store filled the way <c>demo</c>
/// fills it: every slot of the window taken through the real runner while the sandbox answers as of that slot (its
/// data moves with time: walking balances, clients joining and leaving, 3Commas keys expiring, a Conduit maintenance
/// slot). Hourly schedules keep it to 24 slots a day per source, so a week is a few seconds.
/// </summary>
internal static class GeneratedHistory
{
    public const string ConduitSchedule = "0 0 * * * *";
    public const string ThreeCommasSchedule = "0 7 * * * *";

    // A timer fires a moment after its occurrence; the sandbox is asked as of then (as DemoBackfill does).
    private static readonly TimeSpan FiringDelay = TimeSpan.FromSeconds(2);

    /// <summary>Starts the host; <paramref name="configure"/> may change settings before it starts.</summary>
    public static async Task<(ServeTestHost Host, SandboxClock Clock)> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var clock = new SandboxClock();
        var host = await ServeTestHost.StartAsync(
            settings =>
            {
                settings["ConduitSnapshotSchedule"] = ConduitSchedule;
                settings["ThreeCommasSnapshotSchedule"] = ThreeCommasSchedule;
                configure?.Invoke(settings);
            },
            scheduler: false,
            sandboxOptions: new SandboxOptions { MovesWithTime = true, TimeProvider = clock });
        return (host, clock);
    }

    /// <summary>Runs every hourly slot of <paramref name="sources"/> in [<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public static async Task FillAsync(ServeTestHost host, SandboxClock clock, DateTimeOffset from, DateTimeOffset to, params string[] sources)
    {
        var runner = host.App.Services.GetRequiredService<ScheduledSnapshotRunner>();
        var slots = new List<(DateTimeOffset Slot, string Source)>();
        for (var hour = Floor(from); hour <= to; hour = hour.AddHours(1))
        {
            slots.AddRange(sources
                .Select(source => (Slot: hour.AddMinutes(source == SourceNames.ThreeCommas ? 7 : 0), Source: source))
                .Where(s => s.Slot >= from && s.Slot <= to));
        }

        try
        {
            foreach (var (slot, source) in slots.OrderBy(s => s.Slot))
            {
                clock.Pin(slot + FiringDelay);
                await runner.RunOccurrenceAsync(source, slot, CancellationToken.None);
            }
        }
        finally
        {
            clock.Pin(null);
        }
    }

    public static DateTimeOffset Floor(DateTimeOffset moment) =>
        new(moment.Year, moment.Month, moment.Day, moment.Hour, 0, 0, TimeSpan.Zero);
}
