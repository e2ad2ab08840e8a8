using System.Globalization;
using System.Text.Json;
using AccountSnapshots.History;
using AccountSnapshots.Model;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The issue 14 fixture, generated straight into a folder store: every slot's snapshot document (serialised by
/// <see cref="SnapshotDocumentSerializer"/>, stored create-if-absent as the runner stores it) and each day's index
/// objects, built in memory with the same <see cref="HistoryDayCodec"/> calls <c>HistoryIndex.AddAsync</c> makes per
/// run (slots in order), and written once per day instead of read-merge-written 96 times. 5 % of balances (and of
/// 3Commas valuations) change per slot. Documents carry no raw upstream pages, so real ones are larger.
/// </summary>
internal static class HistoryBenchmarkFixture
{
    public const int SlotsPerDay = 96;

    private static readonly string[] s_assets = ["USDC", "USD", "EUR"];
    private static readonly string?[] s_networks = ["ethereum", null, null];

    public static async Task BuildAsync(ISnapshotStore store, DateTimeOffset start, int clients, int accounts, int days, Action<string> progress)
    {
        var random = new Random(42);
        var balances = new string[clients * 3];
        for (var i = 0; i < balances.Length; i++)
        {
            balances[i] = Amount(random);
        }

        var valuations = new (string Usd, string Btc)[accounts];
        for (var i = 0; i < accounts; i++)
        {
            valuations[i] = (Amount(random), Amount(random));
        }

        for (var day = 0; day < days; day++)
        {
            var index = new Dictionary<string, (HistoryTotalsDay? Totals, HistoryAccountsDay? Accounts)>
            {
                [SourceNames.Conduit] = (null, null),
                [SourceNames.ThreeCommas] = (null, null),
            };
            for (var slot = day * SlotsPerDay; slot < (day + 1) * SlotsPerDay; slot++)
            {
                var at = start.AddMinutes(15 * slot);
                if (slot > 0)
                {
                    for (var i = 0; i < balances.Length / 20; i++)
                    {
                        balances[random.Next(balances.Length)] = Amount(random);
                    }

                    for (var i = 0; i < Math.Max(1, accounts / 20); i++)
                    {
                        valuations[random.Next(accounts)] = (Amount(random), Amount(random));
                    }
                }

                foreach (var document in new[] { Document(SourceNames.Conduit, at, Conduit(balances, clients)), Document(SourceNames.ThreeCommas, at, ThreeCommas(valuations)) })
                {
                    await using (var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None))
                    {
                        await store.WriteAsync(SnapshotPaths.Snapshot(document.Source, at), content, StoreCondition.IfAbsent, CancellationToken.None);
                    }

                    var (totals, accountsDay) = index[document.Source];
                    totals = HistoryDayCodec.AddTotals(totals, document.Source, HistoryEntries.SlotOf(document)) ?? totals;
                    accountsDay = HistoryDayCodec.AddAccounts(accountsDay, document.Source, at, ok: true, HistoryEntries.StateOf(document)) ?? accountsDay;
                    index[document.Source] = (totals, accountsDay);
                }
            }

            var date = HistoryPaths.DayOf(start.AddDays(day));
            foreach (var (source, (totals, accountsDay)) in index)
            {
                await WriteAsync(store, HistoryPaths.Totals(source, date), JsonSerializer.SerializeToUtf8Bytes(totals!, AccountSnapshotsJsonContext.Default.HistoryTotalsDay));
                await WriteAsync(store, HistoryPaths.Accounts(source, date), JsonSerializer.SerializeToUtf8Bytes(accountsDay!, AccountSnapshotsJsonContext.Default.HistoryAccountsDay));
            }

            progress(string.Create(CultureInfo.InvariantCulture, $"day {day + 1}/{days}"));
        }
    }

    private static async Task WriteAsync(ISnapshotStore store, string path, byte[] bytes)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await store.WriteAsync(path, content, StoreCondition.IfAbsent, CancellationToken.None);
    }

    private static SnapshotDocument Document(string source, DateTimeOffset at, List<AccountRecord> accounts) => new()
    {
        Source = source,
        Slot = at,
        Trigger = "schedule",
        StartedAt = at,
        CompletedAt = at.AddSeconds(2),
        Status = "ok",
        Accounts = accounts,
        Totals = TotalsCalculator.Compute(source, accounts),
    };

    private static List<AccountRecord> Conduit(string[] balances, int clients)
    {
        var list = new List<AccountRecord>(clients);
        for (var c = 0; c < clients; c++)
        {
            var id = c.ToString("D5", CultureInfo.InvariantCulture);
            list.Add(new AccountRecord
            {
                Source = SourceNames.Conduit,
                Id = "acct_" + id,
                ClientId = "client_" + id,
                Name = "Client " + id + " Ltd",
                Balances = [.. Enumerable.Range(0, 3).Select(b => new BalanceRecord(s_assets[b], s_networks[b], balances[(c * 3) + b]))],
            });
        }

        return list;
    }

    private static List<AccountRecord> ThreeCommas((string Usd, string Btc)[] valuations)
    {
        var list = new List<AccountRecord>(valuations.Length);
        for (var a = 0; a < valuations.Length; a++)
        {
            list.Add(new AccountRecord
            {
                Source = SourceNames.ThreeCommas,
                Id = (100000 + a).ToString(CultureInfo.InvariantCulture),
                Name = "Exchange account " + a.ToString(CultureInfo.InvariantCulture),
                Exchange = "binance",
                UsdAmount = valuations[a].Usd,
                BtcAmount = valuations[a].Btc,
            });
        }

        return list;
    }

    private static string Amount(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.Next(0, 10_000_000)}.{random.Next(0, 1_000_000):D6}");
}
