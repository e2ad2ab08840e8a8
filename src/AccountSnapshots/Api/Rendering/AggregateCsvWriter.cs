using System.Globalization;
using System.Text;
using AccountSnapshots.Aggregation;

namespace AccountSnapshots.Api;

/// <summary>
/// Writes the aggregate as RFC 4180 CSV: UTF-8 without BOM, CRLF line ends, a field is quoted when it contains a
/// comma, quote, CR or LF (quotes doubled). Text columns are guarded against spreadsheet formula injection (OWASP
/// CSV injection): names come from Conduit's <c>businessLegalName</c> and from user-chosen 3Commas names, and a
/// spreadsheet evaluates a field starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR even when it is
/// quoted, so such a field gets a leading <c>'</c> and is quoted. The amount column is left exact: it only ever holds a
/// validated number, and a guard would corrupt <c>-12.5</c>.
/// </summary>
internal static class AggregateCsvWriter
{
    /// <summary>The header row (a contract with dashboards).</summary>
    public const string Header = "source,accountId,clientId,name,asset,network,amount,status,snapshotAt";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>One row per Conduit balance and per 3Commas valuation (USD, BTC) present in <paramref name="document"/>.</summary>
    public static byte[] Write(AggregateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sources = document.Sources.GroupBy(s => s.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(Header).Append("\r\n");
        foreach (var account in document.Accounts)
        {
            sources.TryGetValue(account.Source, out var source);
            var status = source?.Status ?? SourceStatusValues.Never;
            var snapshotAt = source?.SnapshotAt is { } at ? FormatUtc(at) : "";
            foreach (var balance in account.Amounts())
            {
                AppendRow(text, account.Source, account.Id, account.ClientId, account.Name, balance.Asset, balance.Network, balance.Amount, status, snapshotAt);
            }
        }

        return Utf8NoBom.GetBytes(text.ToString());
    }

    /// <summary>ISO-8601 UTC with a <c>Z</c>, fractional seconds only when present.</summary>
    public static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Column index of <c>amount</c>, the only column that is not guarded (see the class summary).</summary>
    private const int AmountColumn = 6;

    private static void AppendRow(StringBuilder text, params ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendField(text, fields[i], guardFormula: i != AmountColumn);
        }

        text.Append("\r\n");
    }

    /// <summary>True when a spreadsheet would read <paramref name="value"/> as a formula.</summary>
    internal static bool StartsLikeFormula(string value) => CsvFieldWriter.StartsLikeFormula(value);

    private static void AppendField(StringBuilder text, string? value, bool guardFormula) => CsvFieldWriter.Append(text, value, guardFormula);
}
