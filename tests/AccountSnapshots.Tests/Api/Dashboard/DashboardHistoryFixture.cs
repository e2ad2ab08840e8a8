using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Reliability;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// One week of hourly history of both sources up to now, generated once for the tests that read it (the status page
/// in a browser, the OpenAPI conformance of every route, the Grafana and Power Query queries).
/// </summary>
public sealed class DashboardHistoryFixture : IAsyncLifetime
{
    internal ServeTestHost Host { get; private set; } = null!;

    internal SandboxClock Clock { get; private set; } = null!;

    /// <summary>The last Conduit slot filled (the current hour).</summary>
    public DateTimeOffset End { get; private set; }

    public async Task InitializeAsync()
    {
        // Api:MaxAgeSeconds above 0: the aggregate carries a max-age, which the status page turns into its refresh interval.
        (Host, Clock) = await GeneratedHistory.StartAsync(settings => settings["Api:MaxAgeSeconds"] = "600");
        var now = TimeProvider.System.GetUtcNow();
        End = GeneratedHistory.Floor(now);
        await GeneratedHistory.FillAsync(Host, Clock, End.AddDays(-7).AddHours(1), now, SourceNames.All.ToArray());
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DashboardHistoryDefinition : ICollectionFixture<DashboardHistoryFixture>
{
    public const string Name = "Dashboard history";
}
