using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Serialization;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Api;

/// <summary>Sample aggregates: names and amounts chosen to exercise CSV quoting and filters.</summary>
internal static class TestAggregates
{
    public const string TrickyName = "Zürich Treasury, \"Ops\"\nDesk";

    public static readonly DateTimeOffset ConduitSnapshotAt = new(2026, 11, 21, 6, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ThreeCommasSnapshotAt = new(2026, 11, 21, 6, 37, 0, TimeSpan.Zero);

    public static AggregateDocument Sample() => new()
    {
        GeneratedAt = new DateTimeOffset(2026, 11, 21, 6, 37, 12, TimeSpan.Zero),
        Sources =
        [
            new SourceStatus { Source = SourceNames.Conduit, Status = SourceStatusValues.Ok, SnapshotAt = ConduitSnapshotAt, LastAttemptAt = ConduitSnapshotAt, AccountCount = 2 },
            new SourceStatus { Source = SourceNames.ThreeCommas, Status = SourceStatusValues.Ok, SnapshotAt = ThreeCommasSnapshotAt, LastAttemptAt = ThreeCommasSnapshotAt, AccountCount = 2 },
        ],
        Accounts =
        [
            new AccountRecord
            {
                Source = SourceNames.Conduit, Id = "acct_1", ClientId = "client_1", Name = TrickyName,
                Balances = [new BalanceRecord("USDC", "ethereum", "1234.500000"), new BalanceRecord("USD", null, "99.10") { Country = "US" }],
            },
            new AccountRecord
            {
                Source = SourceNames.Conduit, Id = "acct_2", ClientId = "client_2", Name = "Plain Co",
                Balances = [new BalanceRecord("EUR", null, "5.25")],
            },
            new AccountRecord
            {
                Source = SourceNames.ThreeCommas, Id = "31", Name = "Binance main", Exchange = "binance", MarketCode = "binance",
                UsdAmount = "1000.12", BtcAmount = "0.01234567",
                ApiKey = new ApiKeyHealth { Masked = "…Zu45", Invalid = true, State = "expired" },
            },
            new AccountRecord
            {
                Source = SourceNames.ThreeCommas, Id = "32", Name = "Kraken spare", Exchange = "kraken", UsdAmount = "50.5",
                ApiKey = new ApiKeyHealth { Masked = "…Ab12", State = "ok" },
            },
        ],
        Totals =
        [
            new TotalRecord(SourceNames.Conduit, "USDC", "ethereum", "1234.500000"),
            new TotalRecord(SourceNames.Conduit, "USD", null, "99.10"),
            new TotalRecord(SourceNames.Conduit, "EUR", null, "5.25"),
            new TotalRecord(SourceNames.ThreeCommas, "USD", null, "1050.62"),
            new TotalRecord(SourceNames.ThreeCommas, "BTC", null, "0.01234567"),
        ],
        Alerts =
        [
            new AlertRecord
            {
                Kind = AlertKinds.ExchangeApiKeyInvalid, Source = SourceNames.ThreeCommas, AccountId = "31",
                AccountName = "Binance main", Exchange = "binance", State = "expired", Message = "Exchange key expired",
            },
        ],
    };

    /// <summary>Every account name and amount of <see cref="Sample"/>: none may appear in the health body.</summary>
    public static IReadOnlyList<string> SensitiveValues { get; } =
        ["Zürich", "Plain Co", "Binance main", "Kraken spare", "1234.5", "99.10", "5.25", "1000.12", "0.01234567", "50.5", "1050.62", "acct_1", "client_1"];

    /// <summary>Indented on purpose: the API must serve the stored bytes, not a re-serialization.</summary>
    public static byte[] ToStoredBytes(AggregateDocument document)
    {
        var context = new AccountSnapshotsJsonContext(new JsonSerializerOptions(AccountSnapshotsJsonContext.Default.Options) { WriteIndented = true });
        return JsonSerializer.SerializeToUtf8Bytes(document, context.AggregateDocument);
    }

    public static async Task<string> StoreAsync(ISnapshotStore store, AggregateDocument document)
    {
        using var content = new MemoryStream(ToStoredBytes(document));
        var result = await store.WriteAsync("latest/aggregate.json", content, StoreCondition.None, CancellationToken.None);
        Assert.True(result.Written);
        return result.ETag!;
    }
}
