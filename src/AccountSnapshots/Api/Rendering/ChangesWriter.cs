using System.Text;
using System.Text.Json;
using AccountSnapshots.Changes;

namespace AccountSnapshots.Api;

/// <summary>
/// Writes change rows as a JSON root array or RFC 4180 CSV with the same columns. <c>changeValue</c> is the
/// <c>change</c> digits written as a raw JSON number, never through a binary float.
/// </summary>
internal static class ChangesWriter
{
    /// <summary>The CSV header (a contract with dashboards).</summary>
    public const string CsvHeader = "source,clientId,accountId,name,asset,network,fromAmount,toAmount,change,fromSnapshotAt,toSnapshotAt,changeValue";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteJsonAsync(Stream body, IReadOnlyList<ChangeRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartArray();
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("source", row.Source);
            WriteNullable(writer, "clientId", row.ClientId);
            WriteNullable(writer, "accountId", row.AccountId);
            WriteNullable(writer, "name", row.Name);
            writer.WriteString("asset", row.Asset);
            WriteNullable(writer, "network", row.Network);
            WriteNullable(writer, "fromAmount", row.FromAmount);
            WriteNullable(writer, "toAmount", row.ToAmount);
            writer.WriteString("change", row.Change);
            WriteNullable(writer, "fromSnapshotAt", row.FromSnapshotAt is { } f ? AggregateCsvWriter.FormatUtc(f) : null);
            WriteNullable(writer, "toSnapshotAt", row.ToSnapshotAt is { } t ? AggregateCsvWriter.FormatUtc(t) : null);
            writer.WritePropertyName("changeValue");
            if (PlainDecimal.IsJsonNumber(row.Change))
            {
                writer.WriteRawValue(row.Change, skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    public static byte[] WriteCsv(IReadOnlyList<ChangeRow> rows)
    {
        var text = new StringBuilder(CsvHeader.Length + 2 + (rows.Count * 160));
        text.Append(CsvHeader).Append("\r\n");
        foreach (var row in rows)
        {
            string?[] fields =
            [
                row.Source, row.ClientId, row.AccountId, row.Name, row.Asset, row.Network, row.FromAmount, row.ToAmount, row.Change,
                row.FromSnapshotAt is { } f ? AggregateCsvWriter.FormatUtc(f) : null,
                row.ToSnapshotAt is { } t ? AggregateCsvWriter.FormatUtc(t) : null,
                PlainDecimal.IsJsonNumber(row.Change) ? row.Change : null,
            ];
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                // fromAmount, toAmount, change and changeValue are validated numbers: a guard would turn "-40" into "'-40".
                CsvFieldWriter.Append(text, fields[i], guardFormula: i is not (6 or 7 or 8 or 11));
            }

            text.Append("\r\n");
        }

        return Utf8NoBom.GetBytes(text.ToString());
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
