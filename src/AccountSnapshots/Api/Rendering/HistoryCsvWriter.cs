using System.Text;
using AccountSnapshots.History;

namespace AccountSnapshots.Api;

/// <summary>
/// Streams history rows as RFC 4180 CSV (UTF-8 without BOM, CRLF) with the JSON's columns, the header even when there
/// are no rows. Fields go through <see cref="CsvFieldWriter"/>, as the aggregate's CSV does.
/// </summary>
internal static class HistoryCsvWriter
{
    /// <summary>The header row (a contract with dashboards).</summary>
    public const string Header = "time,source,clientId,accountId,name,asset,network,amount,value,snapshotAt";

    private const int AmountColumn = 7;
    private const int ValueColumn = 8;

    private const int FlushChars = 16 * 1024;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(FlushChars + 1024);
        var times = new HistoryTimeText();
        var snapshotTimes = new HistoryTimeText();
        text.Append(Header).Append("\r\n");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            AppendRow(
                text,
                times.Format(row.Time),
                row.Source,
                row.ClientId,
                row.AccountId,
                row.Name,
                row.Asset,
                row.Network,
                row.Amount,
                PlainDecimal.IsJsonNumber(row.Amount) ? row.Amount : null,
                snapshotTimes.Format(row.SnapshotAt));
            if (text.Length >= FlushChars)
            {
                await FlushAsync(body, text, cancellationToken);
            }
        }

        await FlushAsync(body, text, cancellationToken);
    }

    private static void AppendRow(StringBuilder text, params ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            // amount and value hold validated numbers only (a negative 3Commas valuation must stay "-1.5").
            CsvFieldWriter.Append(text, fields[i], guardFormula: i is not (AmountColumn or ValueColumn));
        }

        text.Append("\r\n");
    }

    private static async Task FlushAsync(Stream body, StringBuilder text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return;
        }

        await body.WriteAsync(Utf8NoBom.GetBytes(text.ToString()), cancellationToken);
        text.Clear();
    }
}
