using System.Text.Json;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.History;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Aggregation;

/// <summary>
/// <c>change24h</c> on the aggregate's totals, read through <c>GET /api/accounts/latest</c> (and <c>?at=</c>) on the
/// CLI-style composition over a folder store; snapshots are stored, published and indexed as the runner does.
/// </summary>
public sealed class Change24hTests : IAsyncLifetime
{
    // The baseline: the last successful Conduit snapshot at or before 2026-11-20T00:05Z is the previous day's 23:50
    // (the 00:00 slot failed; 00:10 is after the moment, so it must not be used).
    private static readonly DateTimeOffset Baseline = new(2026, 11, 19, 23, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterBaseline = new(2026, 11, 20, 0, 10, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Current = new(2026, 11, 21, 0, 5, 0, TimeSpan.Zero);
    private HistoryTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Current.AddMinutes(1));
        await PublishAsync(Ok(SourceNames.Conduit, Baseline, [
            ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "100.5"), ("EUR", null, "7")),
            ConduitAccount("acct_2", "client_2", "Beta", ("USDC", "ethereum", "0.25"), ("BTC", "bitcoin", "3"))]));
        await PublishAsync(Failed(SourceNames.Conduit, new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)));
        await PublishAsync(Ok(SourceNames.Conduit, AfterBaseline, [
            ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "1"), ("EUR", null, "1"))]));

        // Now: USDC moves by a fraction, EUR is unchanged (written with more digits), USDC on solana is new, BTC is gone.
        await PublishAsync(Ok(SourceNames.Conduit, Current, [
            ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "90.25"), ("EUR", null, "7.00")),
            ConduitAccount("acct_2", "client_2", "Beta", ("USDC", "ethereum", "123456789012345678901234567890.000000000000000001"), ("USDC", "solana", "0.000000000000000001"))]));

        // 3Commas has only existed for a few hours: no snapshot 24 h back.
        await PublishAsync(Ok(SourceNames.ThreeCommas, AfterBaseline.AddHours(20), [ThreeCommasAccount("31", "Binance", "100", "0.5")]));
        await PublishAsync(Ok(SourceNames.ThreeCommas, Current.AddMinutes(-3), [ThreeCommasAccount("31", "Binance", "250.75", "0.25")]));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_total_of_the_latest_aggregate_carries_its_exact_change_since_the_snapshot_24_hours_back()
    {
        var body = await _host.GetOkAsync("/api/accounts/latest");

        Assert.Equal(
            [
                ("conduit", "EUR", null, "0.00"),
                ("conduit", "USDC", "ethereum", "123456789012345678901234567879.500000000000000001"),
                ("conduit", "USDC", "solana", "0.000000000000000001"),
                ("threecommas", "BTC", null, null),
                ("threecommas", "USD", null, null),
            ],
            Changes(body));
        Assert.Contains("\"change24h\":\"123456789012345678901234567879.500000000000000001\"", body, StringComparison.Ordinal);
        Assert.Contains("\"change24h\":null", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_aggregate_as_of_a_moment_has_the_change24h_its_served_snapshot_had()
    {
        var atCurrent = await _host.GetOkAsync("/api/accounts/latest?at=2026-11-21T00:05:30Z&source=conduit");
        var atAfterBaseline = await _host.GetOkAsync("/api/accounts/latest?at=2026-11-20T00:11:00Z&source=conduit");

        Assert.Equal(Changes(await _host.GetOkAsync("/api/accounts/latest?source=conduit")), Changes(atCurrent));
        // Served: 00:10 on the 20th; 24 h before it nothing was stored yet.
        Assert.Equal([("conduit", "EUR", null, null), ("conduit", "USDC", "ethereum", null)], Changes(atAfterBaseline));
    }

    [Fact]
    public async Task An_aggregate_rebuilt_from_the_latest_copies_carries_the_change24h_the_published_one_had()
    {
        var published = Changes(await _host.GetOkAsync("/api/accounts/latest"));

        // An unreadable aggregate is rebuilt from latest/{source}.json on the next publish; a failed 3Commas attempt
        // replaces no data, so every total served afterwards comes from the rebuild.
        using (var garbage = new MemoryStream("{not json"u8.ToArray(), writable: false))
        {
            Assert.True((await _host.Store.WriteAsync(SnapshotPaths.Aggregate, garbage, StoreCondition.None, CancellationToken.None)).Written);
        }

        _host.Store.Reset();
        await PublishAsync(Failed(SourceNames.ThreeCommas, Current));
        var rebuilt = Changes(await _host.GetOkAsync("/api/accounts/latest"));

        Assert.Contains("ReadAsync " + SnapshotPaths.Latest(SourceNames.Conduit), _host.Store.Calls);
        Assert.Contains(published, c => c.Change24h is not null);
        Assert.Equal(published, rebuilt);
    }

    private async Task PublishAsync(SnapshotDocument document)
    {
        // As the runner: store the document, publish it to the aggregate, then add it to the history index.
        await _host.StoreAsync(document, index: false);
        var stored = await _host.Store.ReadAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), CancellationToken.None);
        using var content = new MemoryStream(stored!.Content.ToArray(), writable: false);
        await _host.App.Services.GetRequiredService<ISnapshotPublisher>().PublishAsync(document, content, CancellationToken.None);
        await _host.Index.AddAsync(document, CancellationToken.None);
    }

    private static List<(string Source, string Asset, string? Network, string? Change24h)> Changes(string aggregate)
    {
        using var json = JsonDocument.Parse(aggregate);
        return [.. json.RootElement.GetProperty("totals").EnumerateArray().Select(t => (
            t.GetProperty("source").GetString()!,
            t.GetProperty("asset").GetString()!,
            t.GetProperty("network").GetString(),
            // GetProperty throws when the field is missing: null must be written, not left out.
            t.GetProperty("change24h").GetString()))
            .OrderBy(c => c.Item1, StringComparer.Ordinal)
            .ThenBy(c => c.Item2, StringComparer.Ordinal)
            .ThenBy(c => c.Item3, StringComparer.Ordinal)];
    }
}
