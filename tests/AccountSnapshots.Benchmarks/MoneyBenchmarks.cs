using AccountSnapshots.Conduit;
using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;
using BenchmarkDotNet.Attributes;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// Exact-decimal normalisation (JSON number token to plain string) and the exact per-source totals. Per account:
/// OperationsPerInvoke is the account count.
/// </summary>
[MemoryDiagnoser]
public class MoneyBenchmarks
{
    private const int Accounts = 1_000;

    private byte[][] _rawAmounts = [];
    private List<AccountRecord> _conduitAccounts = [];

    [GlobalSetup]
    public void Setup()
    {
        _conduitAccounts = ConduitAccountsParser.Parse(BenchmarkData.ConduitBody(Accounts)).Accounts;

        // One token per account in the shapes upstreams send: exponent notation, 44-digit fractions, integers.
        string[] shapes = ["1.6199672389633248e-06", "123456.12345678901234567890123456789012345678901234", "1000.000000", "42", "-7.5E+3"];
        _rawAmounts = [.. Enumerable.Range(0, Accounts).Select(i => System.Text.Encoding.UTF8.GetBytes(shapes[i % shapes.Length]))];
    }

    [Benchmark(OperationsPerInvoke = Accounts)]
    public int NormalizeAmount()
    {
        var length = 0;
        foreach (var raw in _rawAmounts)
        {
            ExactDecimal.TryNormalize(raw, out var normalized);
            length += normalized.Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Accounts)]
    public int ConduitTotals() => TotalsCalculator.Compute(SourceNames.Conduit, _conduitAccounts).Count;
}
