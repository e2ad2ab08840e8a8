using System.Text.Json;
using AccountSnapshots.History;

namespace AccountSnapshots.Api;

/// <summary>
/// Streams history rows as a JSON root array of flat objects (what Grafana's Infinity data source plots without glue).
/// <c>value</c> is written from the amount's exact digits as a raw JSON number, never through a binary float.
/// </summary>
internal static class HistoryJsonWriter
{
    // Flushed to the response in chunks of about this size: memory stays flat however many rows there are.
    private const int FlushBytes = 32 * 1024;

    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText ClientId = JsonEncodedText.Encode("clientId");
    private static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("accountId");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Asset = JsonEncodedText.Encode("asset");
    private static readonly JsonEncodedText Network = JsonEncodedText.Encode("network");
    private static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText SnapshotAt = JsonEncodedText.Encode("snapshotAt");

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        var times = new HistoryTimeText();
        var snapshotTimes = new HistoryTimeText();
        writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            writer.WriteStartObject();
            writer.WriteString(Time, times.Format(row.Time));
            writer.WriteString(Source, row.Source);
            WriteNullable(writer, ClientId, row.ClientId);
            WriteNullable(writer, AccountId, row.AccountId);
            WriteNullable(writer, Name, row.Name);
            writer.WriteString(Asset, row.Asset);
            WriteNullable(writer, Network, row.Network);
            writer.WriteString(Amount, row.Amount);
            writer.WritePropertyName(Value);
            if (PlainDecimal.IsJsonNumber(row.Amount))
            {
                writer.WriteRawValue(row.Amount, skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteString(SnapshotAt, snapshotTimes.Format(row.SnapshotAt));
            writer.WriteEndObject();
            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, string? value)
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
