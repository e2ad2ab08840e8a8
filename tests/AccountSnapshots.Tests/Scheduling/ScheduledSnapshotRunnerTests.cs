using AccountSnapshots.Scheduling;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Snapshots;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Scheduling;

/// <summary>What the Functions timers call: the slot comes from the schedule occurrence, not the clock.</summary>
public sealed class ScheduledSnapshotRunnerTests
{
    [Theory]
    [InlineData("2026-11-21T06:15:00Z")]
    [InlineData("2026-11-21T06:15:04Z")]
    [InlineData("2026-11-21T06:14:57Z")]
    [InlineData("2026-11-21T06:29:00Z")]
    public async Task The_slot_is_the_occurrence_being_served(string firedAt)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await PipelineHost.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var runner = host.Services.GetRequiredService<ScheduledSnapshotRunner>();

        var result = await runner.RunScheduledAsync(SourceNames.Conduit, isPastDue: false, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 15, 0, TimeSpan.Zero), result.Slot.At);
        Assert.Equal(SnapshotTrigger.Schedule, result.Slot.Trigger);
        Assert.Equal("snapshots/conduit/2026/11/21/20261121T061500Z.json", result.SnapshotPath);
    }

    [Fact]
    public async Task A_past_due_run_is_logged_and_a_duplicate_firing_writes_nothing_twice()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 6, 20, 0, TimeSpan.Zero));
        await using var host = await PipelineHost.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var runner = host.Services.GetRequiredService<ScheduledSnapshotRunner>();

        var first = await runner.RunScheduledAsync(SourceNames.ThreeCommas, isPastDue: true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));
        var second = await runner.RunScheduledAsync(SourceNames.ThreeCommas, isPastDue: false, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 7, 0, TimeSpan.Zero), first.Slot.At);
        Assert.Equal(SnapshotRunStatus.Succeeded, first.Status);
        Assert.Equal(SnapshotRunStatus.AlreadyTaken, second.Status);
        Assert.Single(host.Events.Named("SnapshotPastDue"));
    }
}
