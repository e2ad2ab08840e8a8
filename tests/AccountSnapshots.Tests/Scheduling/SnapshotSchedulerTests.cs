using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Tests.Snapshots;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AccountSnapshots.Tests.Scheduling;

/// <summary>The CLI serve's scheduler under a fake clock: each schedule fires, and one missed occurrence is caught up.</summary>
public sealed class SnapshotSchedulerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 6, 0, 30, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> s_everyMinute = new()
    {
        ["ConduitSnapshotSchedule"] = "0 * * * * *",
        ["ThreeCommasSnapshotSchedule"] = "30 * * * * *",
    };

    [Fact]
    public async Task Each_schedule_fires_on_its_own_occurrences()
    {
        var time = new TimerCountingTimeProvider(s_start);
        await using var host = await StartAsync(time);
        var scheduler = host.Services.GetServices<IHostedService>().Single();
        await PreRunAsync(host);

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForAsync(() => time.PendingTimers >= 2);
        time.SetUtcNow(s_start.AddSeconds(30));
        await WaitForSnapshotAsync(host, SourceNames.Conduit, s_start.AddSeconds(30));
        await WaitForAsync(() => time.PendingTimers >= 2);
        time.SetUtcNow(s_start.AddSeconds(60));
        await WaitForSnapshotAsync(host, SourceNames.ThreeCommas, s_start.AddSeconds(60));
        await scheduler.StopAsync(CancellationToken.None);

        var documents = await SnapshotPathsAsync(host);
        Assert.Equal(
            [
                SnapshotPaths.Snapshot(SourceNames.Conduit, s_start.AddSeconds(-30)),
                SnapshotPaths.Snapshot(SourceNames.Conduit, s_start.AddSeconds(30)),
                SnapshotPaths.Snapshot(SourceNames.ThreeCommas, s_start),
                SnapshotPaths.Snapshot(SourceNames.ThreeCommas, s_start.AddSeconds(60)),
            ],
            documents);
    }

    [Fact]
    public async Task A_missed_occurrence_runs_once_at_start()
    {
        var time = new TimerCountingTimeProvider(s_start.AddSeconds(5));
        await using var host = await StartAsync(time);
        var scheduler = host.Services.GetServices<IHostedService>().Single();

        await scheduler.StartAsync(CancellationToken.None);
        await WaitForSnapshotAsync(host, SourceNames.Conduit, s_start.AddSeconds(-30));
        await WaitForSnapshotAsync(host, SourceNames.ThreeCommas, s_start);
        await WaitForAsync(() => time.PendingTimers >= 2);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(2, (await SnapshotPathsAsync(host)).Count);
        Assert.Equal(2, host.Events.Named("SnapshotPastDue").Count());
    }

    private static async Task PreRunAsync(PipelineHost host)
    {
        // The occurrences before start already ran: nothing to catch up.
        await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(s_start.AddSeconds(-30)), CancellationToken.None);
        await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(s_start), CancellationToken.None);
    }

    private static Task<PipelineHost> StartAsync(TimerCountingTimeProvider time) =>
        PipelineHost.StartAsync(s_everyMinute, configure: services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSnapshotScheduler();
        });

    private static async Task<List<string>> SnapshotPathsAsync(PipelineHost host)
    {
        var paths = new List<string>();
        await foreach (var path in host.Store.ListAsync("snapshots/", CancellationToken.None))
        {
            paths.Add(path);
        }

        return [.. paths.Order(StringComparer.Ordinal)];
    }

    private static Task WaitForSnapshotAsync(PipelineHost host, string source, DateTimeOffset slot) =>
        WaitForAsync(() => host.Store.GetPropertiesAsync(SnapshotPaths.Snapshot(source, slot), CancellationToken.None).GetAwaiter().GetResult() is not null);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // Real time bounds the wait only; the schedule itself runs on the fake clock.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
