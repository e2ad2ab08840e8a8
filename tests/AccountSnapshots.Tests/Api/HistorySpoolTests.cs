using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Tests.History;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Api;

/// <summary>
/// The spool a history response is rendered into: the bytes come out unchanged whether they stayed in memory or moved
/// to a temporary file, rows past the limit are counted but never written, and the temporary file is deleted.
/// </summary>
public sealed class HistorySpoolTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly HistoryQuery AccountLevel = new()
    {
        From = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
        To = Now,
        Level = HistoryLevel.Account,
    };

    private HistoryTestHost _host = null!;

    private int ExpectedRows => HistoryReference.Compute(_host.RawSnapshots, new(AccountLevel.From, AccountLevel.To, "account")).Count;

    private HistoryService History => _host.App.Services.GetRequiredService<HistoryService>();

    public async Task InitializeAsync()
    {
        _host = await HistoryTestHost.StartAsync(Now);
        await AccountsHistoryHandlerTests.StoreScenarioAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(100)]
    [InlineData(HistorySpool.MemoryThreshold * 5)]
    public async Task What_is_written_is_what_is_copied_out_in_memory_or_on_disk(int padding)
    {
        var expected = new MemoryStream();
        await Write(expected, padding);

        await using var spool = await HistorySpool.RenderAsync(History, AccountLevel, 1000, (body, rows, ct) => Write(body, padding, rows, ct), CancellationToken.None);
        var copied = new MemoryStream();
        await spool.CopyToAsync(copied, CancellationToken.None);

        Assert.Equal(expected.ToArray(), copied.ToArray());
        Assert.Equal(padding > HistorySpool.MemoryThreshold, spool.OnDisk);
        Assert.Equal(ExpectedRows, spool.Tally.RowCount);
        Assert.False(spool.Tally.Exceeded);
    }

    [Fact]
    public async Task Rows_past_the_limit_are_counted_and_not_written()
    {
        var written = 0;
        await using var spool = await HistorySpool.RenderAsync(History, AccountLevel, 4, async (body, rows, ct) =>
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                written++;
            }
        }, CancellationToken.None);

        Assert.Equal(4, written);
        Assert.Equal(ExpectedRows, spool.Tally.RowCount);
        Assert.True(spool.Tally.Exceeded);
    }

    [Fact]
    public async Task The_etag_seed_is_the_same_for_the_same_snapshots_and_changes_with_them()
    {
        var first = await SeedAsync();
        var again = await SeedAsync();
        await _host.StoreAsync(HistoryRuns.Ok(AccountSnapshots.Upstream.SourceNames.ThreeCommas, Now.AddHours(-1), [HistoryRuns.ThreeCommasAccount("31", "Binance main", "1", "2")]));

        var changed = await SeedAsync();

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    private async Task<string> SeedAsync()
    {
        await using var spool = await HistorySpool.RenderAsync(History, AccountLevel, 1000, HistoryJsonWriter.WriteAsync, CancellationToken.None);
        return spool.Tally.ETagSeed;
    }

    // The history JSON, then padding bytes (to push the spool past its memory threshold).
    private async Task Write(Stream body, int padding, IAsyncEnumerable<HistoryRow>? rows = null, CancellationToken cancellationToken = default)
    {
        using var tally = new HistoryTally(1000);
        await HistoryJsonWriter.WriteAsync(body, rows ?? History.ReadRowsAsync(AccountLevel, tally, cancellationToken), cancellationToken);
        await body.WriteAsync(Enumerable.Range(0, padding).Select(i => (byte)('a' + (i % 26))).ToArray(), cancellationToken);
    }
}
