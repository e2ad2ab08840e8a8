using System.Net;
using AccountSnapshots.History;
using AccountSnapshots.Tests.Reliability;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// The history through <c>account-snapshots serve</c>'s own composition on real Kestrel: the real runner against the
/// sandbox writes the snapshots and the index, and the route answers over HTTP with the key rules of latest.
/// </summary>
public sealed class HistoryServeTests
{
    private static readonly DateTimeOffset Slot = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runs_of_the_real_runner_are_indexed_and_served_with_a_failed_slot_adding_no_row()
    {
        await using var host = await ServeTestHost.StartAsync(scheduler: false);
        await host.RunGoodFailedGoodAsync(Slot);
        using var client = host.CreateKeyedClient();

        using var response = await client.GetAsync("api/accounts/history?from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z&level=account");
        var rows = HistoryReference.Parse(await response.Content.ReadAsStringAsync());
        var index = new List<string>();
        await foreach (var path in host.Store.ListAsync(HistoryPaths.Root, CancellationToken.None))
        {
            index.Add(path);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, index.Count); // written by the runner after each snapshot: totals and accounts per source
        Assert.Equal(["2026-11-20T10:00:00Z", "2026-11-20T10:15:00Z", "2026-11-20T10:30:00Z"], rows.Where(r => r.Source == "conduit").Select(r => r.Time).Distinct());
        Assert.Equal(["2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z"], rows.Where(r => r.Source == "threecommas").Select(r => r.Time).Distinct());
        Assert.All(rows, r => Assert.Equal(r.Amount, r.Value));

        using var bare = new HttpClient { BaseAddress = host.BaseAddress };
        using var noKey = await bare.GetAsync("api/accounts/history");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }
}
