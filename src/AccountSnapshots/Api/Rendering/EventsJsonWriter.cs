using System.Globalization;
using System.Text.Json;
using AccountSnapshots.Events;

namespace AccountSnapshots.Api;

/// <summary>Writes events as a JSON root array of flat objects (Grafana's annotation columns plus the log dimensions).</summary>
internal static class EventsJsonWriter
{
    public static async Task WriteAsync(Stream body, IReadOnlyList<EventRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartArray();
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("time", AggregateCsvWriter.FormatUtc(row.Time));
            WriteNullable(writer, "timeEnd", row.TimeEnd is { } end ? AggregateCsvWriter.FormatUtc(end) : null);
            writer.WriteString("kind", row.Kind);
            writer.WriteString("source", row.Source);
            WriteNullable(writer, "accountId", row.AccountId);
            writer.WriteString("title", row.Title);
            writer.WriteString("text", row.Text);
            writer.WriteStartArray("tags");
            foreach (var tag in row.Tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            WriteNullable(writer, "exchange", row.Exchange);
            WriteNullable(writer, "state", row.State);
            WriteNullable(writer, "errorKind", row.ErrorKind);
            if (row.HttpStatus is { } status)
            {
                writer.WriteNumber("httpStatus", status);
            }
            else
            {
                writer.WriteNull("httpStatus");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The CSV fields of a row, in <see cref="EventsCsvWriter.Header"/> order (tags comma-joined).</summary>
    internal static string?[] Fields(EventRow row) =>
    [
        AggregateCsvWriter.FormatUtc(row.Time),
        row.TimeEnd is { } end ? AggregateCsvWriter.FormatUtc(end) : null,
        row.Kind,
        row.Source,
        row.AccountId,
        row.Title,
        row.Text,
        string.Join(',', row.Tags),
        row.Exchange,
        row.State,
        row.ErrorKind,
        row.HttpStatus?.ToString(CultureInfo.InvariantCulture),
    ];

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
