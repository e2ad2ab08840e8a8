using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Serialization;

namespace AccountSnapshots.Tests.Serialization;

/// <summary>The aggregate and the history days are contracts: the pool-free serialisation must write the same bytes.</summary>
public sealed class LargeJsonSerializerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public void The_bytes_are_the_serializers_whatever_the_size_hint(long sizeHint)
    {
        var document = Aggregate(2_000);
        var expected = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);

        var actual = LargeJsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument, sizeHint);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_exact_size_hint_gives_the_bytes_without_a_copy_of_a_different_length()
    {
        var document = Aggregate(10);
        var expected = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);

        var actual = LargeJsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument, expected.Length);

        Assert.Equal(expected, actual);
    }

    private static AggregateDocument Aggregate(int accounts) => new()
    {
        GeneratedAt = new DateTimeOffset(2026, 11, 21, 6, 15, 0, TimeSpan.Zero),
        Sources = [],
        Accounts = [.. Enumerable.Range(0, accounts).Select(i => new AccountRecord
        {
            Source = "conduit",
            Id = $"acct_{i}",
            ClientId = $"client_{i}",
            Name = i % 2 == 0 ? $"Caf\u00e9 <\"{i}\"> & co" : null,
            Balances = [new BalanceRecord("USDC", i % 3 == 0 ? null : "ethereum", $"{i}.000000000000000000001")],
        })],
        Totals = [new TotalRecord("conduit", "USDC", "ethereum", "12.5")],
        Alerts = [],
    };
}
