using AccountSnapshots.Conduit;
using AccountSnapshots.ThreeCommas;
using BenchmarkDotNet.Attributes;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// The parsers the clients run on every body (plus the 3Commas exchange-key masking the client applies before
/// storing a page). Figures are per account: OperationsPerInvoke is the account count of the body.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private const int ThreeCommasAccounts = 100; // One full page (per_page=100).
    private const int ConduitClients = 1_000;

    private byte[] _threeCommasPage = [];
    private byte[] _conduitBody = [];

    [GlobalSetup]
    public void Setup()
    {
        _threeCommasPage = BenchmarkData.ThreeCommasPage(ThreeCommasAccounts);
        _conduitBody = BenchmarkData.ConduitBody(ConduitClients);
    }

    [Benchmark(OperationsPerInvoke = ThreeCommasAccounts)]
    public int ThreeCommasPageParse() => ThreeCommasAccountsParser.Parse(_threeCommasPage).Count;

    [Benchmark(OperationsPerInvoke = ThreeCommasAccounts)]
    public int ThreeCommasPageMask() => ThreeCommasApiKeyMasker.Mask(_threeCommasPage, out _).Length;

    [Benchmark(OperationsPerInvoke = ConduitClients)]
    public int ConduitBodyParse() => ConduitAccountsParser.Parse(_conduitBody).Accounts.Count;
}
