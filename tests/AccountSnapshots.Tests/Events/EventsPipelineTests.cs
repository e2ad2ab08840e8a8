using AccountSnapshots.Events;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.Snapshots;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Events;

/// <summary>The timeline of real runs against the sandbox: what the runner stores and indexes is what the events show.</summary>
public sealed class EventsPipelineTests
{
    private static readonly DateTimeOffset Slot0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runs_with_a_key_going_ok_expired_ok_and_rejected_credentials_give_those_events()
    {
        var time = new FakeTimeProvider(Slot0);
        await using var host = await PipelineHost.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var sandbox = host.Sandbox;
        var states = new[] { ("ok", false), ("expired", true), ("expired", true), ("ok", false) };
        for (var i = 0; i < states.Length; i++)
        {
            var slot = Slot0.AddMinutes(15 * i);
            time.SetUtcNow(slot);
            sandbox.ThreeCommas.ResetKeyStates();
            sandbox.ThreeCommas.SetKeyState(0, states[i].Item1, states[i].Item2);
            if (i is 1 or 2)
            {
                sandbox.Conduit.Faults.Enqueue(SandboxFault.Status(401));
            }

            await host.Runner.RunAsync(SourceNames.ThreeCommas, SnapshotSlot.Scheduled(slot.AddMinutes(7)), CancellationToken.None);
            await host.Runner.RunAsync(SourceNames.Conduit, SnapshotSlot.Scheduled(slot), CancellationToken.None);
        }

        time.SetUtcNow(Slot0.AddMinutes(55));
        var events = await host.Services.GetRequiredService<EventsService>().ReadAsync(
            new EventQuery { From = Slot0, To = Slot0.AddHours(1), Kinds = [EventKinds.ExchangeApiKeyInvalid, EventKinds.CredentialsRejected, EventKinds.SnapshotFailed] },
            CancellationToken.None);

        var account0 = sandbox.ThreeCommas.AccountId(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Assert.Single(events, e => e.Kind == EventKinds.ExchangeApiKeyInvalid && e.AccountId == account0);
        Assert.Equal((Slot0.AddMinutes(22), Slot0.AddMinutes(52)), (key.Time, key.TimeEnd!.Value));
        Assert.Equal("expired", key.State);
        var rejected = Assert.Single(events, e => e.Kind == EventKinds.CredentialsRejected);
        Assert.Equal((Slot0.AddMinutes(15), Slot0.AddMinutes(45)), (rejected.Time, rejected.TimeEnd!.Value));
        Assert.Equal(401, rejected.HttpStatus);
        Assert.Equal(
            [Slot0.AddMinutes(15), Slot0.AddMinutes(30)],
            events.Where(e => e.Kind == EventKinds.SnapshotFailed).Select(e => e.Time));
    }
}
