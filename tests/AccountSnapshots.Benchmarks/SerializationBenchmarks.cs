using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Conduit;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.ThreeCommas;
using AccountSnapshots.Upstream;
using BenchmarkDotNet.Attributes;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// Writing the aggregate (what the API serves) and reading it back (what the API's cache does on a new version).
/// Per account: OperationsPerInvoke is the account count of the aggregate.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private const int ConduitClients = 900;
    private const int ThreeCommasAccounts = 100;
    private const int Accounts = ConduitClients + ThreeCommasAccounts;

    private AggregateDocument _aggregate = null!;
    private byte[] _aggregateBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var conduit = ConduitAccountsParser.Parse(BenchmarkData.ConduitBody(ConduitClients)).Accounts;
        var threeCommas = ThreeCommasAccountsParser.Parse(BenchmarkData.ThreeCommasPage(ThreeCommasAccounts));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _aggregate = new AggregateDocument
        {
            GeneratedAt = now,
            Sources = [.. SourceNames.All.Select(s => new SourceStatus { Source = s, Status = SourceStatusValues.Ok })],
            Accounts = [.. conduit, .. threeCommas],
            Totals = [.. TotalsCalculator.Compute(SourceNames.Conduit, conduit), .. TotalsCalculator.Compute(SourceNames.ThreeCommas, threeCommas)],
            Alerts = [],
        };
        _aggregateBytes = JsonSerializer.SerializeToUtf8Bytes(_aggregate, AccountSnapshotsJsonContext.Default.AggregateDocument);
    }

    [Benchmark(OperationsPerInvoke = Accounts)]
    public int AggregateSerialize() =>
        JsonSerializer.SerializeToUtf8Bytes(_aggregate, AccountSnapshotsJsonContext.Default.AggregateDocument).Length;

    [Benchmark(OperationsPerInvoke = Accounts)]
    public int AggregateDeserialize() =>
        JsonSerializer.Deserialize(_aggregateBytes, AccountSnapshotsJsonContext.Default.AggregateDocument)!.Accounts.Count;
}
