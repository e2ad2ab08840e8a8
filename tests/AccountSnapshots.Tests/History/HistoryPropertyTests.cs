using System.Globalization;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// The API's history equals the history computed independently from the raw snapshot documents, over generated runs
/// (accounts coming and going, renames, failed slots, off-schedule slots, every amount shape) indexed in shuffled
/// order, some left out of the index, and random queries over levels, filters, steps and ranges.
/// </summary>
public sealed class HistoryPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 18, 19, 0, 0, TimeSpan.Zero);
    private static readonly string[] Levels = ["total", "client", "account"];
    private static readonly string[] Steps = ["5m", "1h", "7h", "1d", "1w"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task The_api_history_equals_the_history_computed_from_the_raw_snapshots(int seed)
    {
        var random = new Random(seed * 7919);
        var documents = HistoryRuns.Generate(seed, Start, 60 + random.Next(60), TimeSpan.FromMinutes(15 + random.Next(30)));
        await using var host = await HistoryTestHost.StartAsync(Start.AddDays(4));

        // Out of order (inserts in the middle of a day re-base the next slot's changes), and a few never indexed.
        foreach (var document in documents.OrderBy(_ => random.Next()))
        {
            await host.StoreAsync(document, index: random.Next(10) != 0);
        }

        var end = documents.Max(d => d.Slot).AddMinutes(1);
        for (var q = 0; q < 12; q++)
        {
            var from = q == 0 ? Start : Start.AddMinutes(random.Next((int)(end - Start).TotalMinutes));
            var to = q == 0 ? end : from.AddMinutes(1 + random.Next((int)(end - from).TotalMinutes + 1));
            var level = Levels[random.Next(Levels.Length)];
            var step = random.Next(3) == 0 ? Steps[random.Next(Steps.Length)] : null;
            string[]? sources = random.Next(4) == 0 ? [random.Next(2) == 0 ? "conduit" : "threecommas"] : null;
            string[]? assets = random.Next(4) == 0 ? ["usdc", "BTC"] : null;
            string[]? clients = random.Next(5) == 0 ? ["client_1", "client_3"] : null;
            string[]? accounts = random.Next(5) == 0 ? ["acct_2", "31", "acct_5"] : null;
            var query = $"/api/accounts/history?from={from.ToUnixTimeMilliseconds()}&to={Uri.EscapeDataString(to.ToOffset(TimeSpan.FromHours(random.Next(-12, 13))).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture))}&level={level}"
                + (step is null ? "" : "&step=" + step)
                + (sources is null ? "" : "&source=" + string.Join(',', sources))
                + (assets is null ? "" : string.Concat(assets.Select(a => "&asset=" + a)))
                + (clients is null ? "" : "&clientId=" + string.Join(',', clients))
                + (accounts is null ? "" : "&accountId=" + string.Join(',', accounts));

            var actual = HistoryReference.Parse(await host.GetOkAsync(query));

            var expected = HistoryReference.Compute(host.RawSnapshots, new(from, to, level, sources, assets, clients, accounts, step));
            Assert.True(expected.SequenceEqual(actual), $"{query}: expected {expected.Count} rows, got {actual.Count}; first difference: {FirstDifference(expected, actual)}");
            if (q == 0)
            {
                Assert.NotEmpty(actual);
            }
        }
    }

    private static string FirstDifference(List<HistoryReference.Row> expected, List<HistoryReference.Row> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            if (e != a)
            {
                return $"#{i} expected {e}, got {a}";
            }
        }

        return "none";
    }
}
