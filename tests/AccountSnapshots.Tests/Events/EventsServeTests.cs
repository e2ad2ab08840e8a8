using System.Net;
using AccountSnapshots.Tests.Changes;
using AccountSnapshots.Tests.Reliability;

namespace AccountSnapshots.Tests.Events;

/// <summary>
/// Changes and events through <c>account-snapshots serve</c>'s own composition on real Kestrel, over what the real
/// runner stored and indexed, with the key rules of latest.
/// </summary>
public sealed class EventsServeTests
{
    private static readonly DateTimeOffset Slot = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Serve_answers_events_and_changes_for_runs_of_the_real_runner()
    {
        await using var host = await ServeTestHost.StartAsync(scheduler: false);
        await host.RunGoodFailedGoodAsync(Slot);
        using var client = host.CreateKeyedClient();

        using var events = await client.GetAsync("api/events?from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z&kind=snapshotFailed");
        var failed = EventRows.Parse(await events.Content.ReadAsStringAsync());
        using var changes = await client.GetAsync("api/accounts/changes?from=2026-11-20T10:00:00Z&to=2026-11-20T10:30:00Z");
        var moved = ChangesReference.Parse(await changes.Content.ReadAsStringAsync());
        using var bare = new HttpClient { BaseAddress = host.BaseAddress };
        using var noKey = await bare.GetAsync("api/events");
        using var noKeyChanges = await bare.GetAsync("api/accounts/changes");

        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        var point = Assert.Single(failed);
        Assert.Equal(("threecommas", "2026-11-20T10:15:00Z", "banned", 418), (point.Source, point.Time, point.ErrorKind, point.HttpStatus ?? 0));
        Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        Assert.Empty(moved); // the sandbox's balances do not move with time here
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKeyChanges.StatusCode);
    }
}
