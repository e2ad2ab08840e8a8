using System.Globalization;
using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// Generated snapshot runs of both sources: accounts that come and go, renames, amounts of every shape (zero, negative,
/// long fractions, 30 integer digits), failed slots, slots crossing midnight and off-schedule manual slots.
/// </summary>
internal static class HistoryRuns
{
    private static readonly (string Asset, string? Network)[] Lines =
        [("USDC", "ethereum"), ("USDC", "solana"), ("USD", null), ("EUR", null), ("BTC", "bitcoin")];

    /// <summary>A successful document of <paramref name="source"/> at <paramref name="at"/> with totals computed as the runner does.</summary>
    public static SnapshotDocument Ok(string source, DateTimeOffset at, IReadOnlyList<AccountRecord> accounts) => new()
    {
        Source = source,
        Slot = at,
        Trigger = "schedule",
        StartedAt = at,
        CompletedAt = at.AddSeconds(3),
        Status = "ok",
        Accounts = accounts,
        Totals = TotalsCalculator.Compute(source, accounts),
    };

    /// <summary>A failed document (no accounts), as the runner stores it.</summary>
    public static SnapshotDocument Failed(string source, DateTimeOffset at) => new()
    {
        Source = source,
        Slot = at,
        Trigger = "schedule",
        StartedAt = at,
        CompletedAt = at.AddSeconds(3),
        Status = "failed",
        Error = new SourceError(UpstreamErrorKind.Unavailable, $"{source}: unavailable (HTTP 503)"),
    };

    public static AccountRecord ConduitAccount(string id, string client, string name, params (string Asset, string? Network, string Amount)[] balances) => new()
    {
        Source = SourceNames.Conduit,
        Id = id,
        ClientId = client,
        Name = name,
        Balances = [.. balances.Select(b => new BalanceRecord(b.Asset, b.Network, b.Amount))],
    };

    public static AccountRecord ThreeCommasAccount(string id, string name, string? usd, string? btc) => new()
    {
        Source = SourceNames.ThreeCommas,
        Id = id,
        Name = name,
        Exchange = "binance",
        UsdAmount = usd,
        BtcAmount = btc,
    };

    /// <summary>Runs of both sources from <paramref name="start"/>, <paramref name="slots"/> slots each, varied by <paramref name="seed"/>.</summary>
    public static List<SnapshotDocument> Generate(int seed, DateTimeOffset start, int slots, TimeSpan interval)
    {
        var random = new Random(seed);
        var documents = new List<SnapshotDocument>();
        var conduit = Enumerable.Range(1, 2 + random.Next(6))
            .Select(i => (Id: $"acct_{i}", Client: $"client_{1 + random.Next(3)}", Name: $"Co {i}", Lines: Lines.Where(_ => random.Next(2) == 0).ToList()))
            .ToList();
        var conduitAmounts = new Dictionary<(string, string, string?), string>();
        var threeCommasAmounts = new Dictionary<string, (string? Usd, string? Btc)>();
        for (var i = 0; i < slots; i++)
        {
            // Mostly on schedule; now and then a manual run a few seconds off it.
            var at = start + (interval * i) + (random.Next(6) == 0 ? TimeSpan.FromSeconds(1 + random.Next(59)) : TimeSpan.Zero);
            if (random.Next(7) == 0)
            {
                documents.Add(Failed(SourceNames.Conduit, at));
            }
            else
            {
                var accounts = new List<AccountRecord>();
                foreach (var account in conduit)
                {
                    if (random.Next(8) == 0)
                    {
                        continue; // absent from this snapshot
                    }

                    var name = random.Next(15) == 0 ? account.Name + " (renamed)" : account.Name;
                    var balances = new List<(string, string?, string)>();
                    foreach (var (asset, network) in account.Lines)
                    {
                        var key = (account.Id, asset, network);
                        if (!conduitAmounts.TryGetValue(key, out var amount) || random.Next(3) == 0)
                        {
                            amount = Amount(random);
                            conduitAmounts[key] = amount;
                        }

                        balances.Add((asset, network, amount));
                    }

                    accounts.Add(ConduitAccount(account.Id, account.Client, name, [.. balances]));
                }

                documents.Add(Ok(SourceNames.Conduit, at, accounts));
            }

            var threeCommasAt = at + TimeSpan.FromMinutes(random.Next(2) * 7);
            if (random.Next(6) == 0)
            {
                documents.Add(Failed(SourceNames.ThreeCommas, threeCommasAt));
                continue;
            }

            var valuations = new List<AccountRecord>();
            for (var a = 1; a <= 3; a++)
            {
                var id = (30 + a).ToString(CultureInfo.InvariantCulture);
                if (!threeCommasAmounts.TryGetValue(id, out var value) || random.Next(3) == 0)
                {
                    value = (random.Next(10) == 0 ? null : Amount(random), random.Next(5) == 0 ? null : Amount(random));
                    threeCommasAmounts[id] = value;
                }

                valuations.Add(ThreeCommasAccount(id, $"Exchange {a}", value.Usd, value.Btc));
            }

            documents.Add(Ok(SourceNames.ThreeCommas, threeCommasAt, valuations));
        }

        return documents;
    }

    private static string Amount(Random random)
    {
        var raw = random.Next(7) switch
        {
            0 => "0",
            1 => "0.000000",
            2 => "-" + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture) + ".5",
            3 => "123456789012345678901234567890." + random.Next(0, 99999).ToString("D5", CultureInfo.InvariantCulture),
            4 => "0.000000000000000000" + random.Next(1, 999).ToString(CultureInfo.InvariantCulture),
            5 => random.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture),
            _ => random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture) + "." + random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
        };
        Assert.True(ExactDecimal.TryNormalize(raw.AsSpan(), out var normalized));
        return normalized;
    }
}
