using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// Two deployments of the built worker, started side by side on one Azurite: <see cref="Healthy"/> with both
/// upstreams answering, and <see cref="Failing"/> whose Conduit refuses our credentials (401 on every call). Each
/// serves one slot per source (yearly schedules), so the first timer run of each is done once here and shared.
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly Lazy<Task<IReadOnlyDictionary<string, TimerInvocation>>> _firstRuns;

    public FunctionsHostFixture() => _firstRuns = new(RunTimersOnceAsync);

    internal FunctionsWorkerBuild Build { get; private set; } = null!;

    internal AzuriteFixture Azurite => _azurite;

    internal FunctionAppUnderTest Healthy { get; private set; } = null!;

    internal FunctionAppUnderTest Failing { get; private set; } = null!;

    /// <summary>The first, on-schedule run of each timer on <see cref="Healthy"/> and of Conduit on <see cref="Failing"/>.</summary>
    internal Task<IReadOnlyDictionary<string, TimerInvocation>> FirstRunsAsync() => _firstRuns.Value;

    public async Task InitializeAsync()
    {
        // First, so a missing build fails with its own message before anything starts.
        Build = FunctionsWorkerBuild.Locate();
        await _azurite.InitializeAsync();
        var healthy = FunctionAppUnderTest.StartAsync(Build, _azurite, "healthy", null, CancellationToken.None);
        var failing = FunctionAppUnderTest.StartAsync(
            Build, _azurite, "failing", sandbox => sandbox.Conduit.Faults.Enqueue(SandboxFault.Status(401) with { Persistent = true }), CancellationToken.None);
        try
        {
            await Task.WhenAll(healthy, failing);
        }
        finally
        {
            // Keep whichever started so DisposeAsync stops it even when the other failed.
            Healthy = healthy.IsCompletedSuccessfully ? healthy.Result : null!;
            Failing = failing.IsCompletedSuccessfully ? failing.Result : null!;
        }
    }

    public async Task DisposeAsync()
    {
        var workers = new[] { Healthy, Failing }.Where(a => a?.Host is not null).Select(a => a.Host.WorkerProcessId).Where(id => id > 0).ToList();
        if (Healthy is not null)
        {
            await Healthy.DisposeAsync();
        }

        if (Failing is not null)
        {
            await Failing.DisposeAsync();
        }

        await _azurite.DisposeAsync();

        // The normal path: after disposal no worker may be left (xunit reports a throw here as a failed run).
        var left = workers.Where(IsRunning).ToList();
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"Worker process(es) {string.Join(", ", left)} still running after the host stand-in stopped.");
        }
    }

    /// <summary>True while a process with this id runs.</summary>
    internal static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<IReadOnlyDictionary<string, TimerInvocation>> RunTimersOnceAsync()
    {
        var conduit = Healthy.Host.InvokeTimerAsync("ConduitSnapshot", isPastDue: false, CancellationToken.None);
        var threeCommas = Healthy.Host.InvokeTimerAsync("ThreeCommasSnapshot", isPastDue: false, CancellationToken.None);
        var failing = Failing.Host.InvokeTimerAsync("ConduitSnapshot", isPastDue: false, CancellationToken.None);
        return new Dictionary<string, TimerInvocation>
        {
            [SourceNames.Conduit] = await conduit,
            [SourceNames.ThreeCommas] = await threeCommas,
            ["failing-" + SourceNames.Conduit] = await failing,
        };
    }
}
