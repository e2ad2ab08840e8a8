using System.Buffers;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// Writes the <c>raw</c> array of a snapshot document straight into the document's stream, byte for byte what
/// <see cref="RawPagesJsonConverter"/> writes. A JSON body goes from its buffer to the stream as it is: through the
/// serializer it would first be copied whole into the serializer's pooled buffer (a 32 MiB array for a 17 MB Conduit
/// book, then kept by the pool), which was the largest single allocation of a run after the body itself.
/// </summary>
internal static class RawPagesWriter
{
    // The page's "body" property, written after its other properties: the same bytes Utf8JsonWriter puts between
    // the previous value and a raw value (compact output, no escaping needed in the name).
    private static readonly byte[] s_bodyProperty = ",\"body\":"u8.ToArray();
    private static readonly byte[] s_comma = [(byte)','];
    private static readonly byte[] s_startArray = [(byte)'['];
    private static readonly byte[] s_endArray = [(byte)']'];
    private static readonly byte[] s_endObject = [(byte)'}'];

    public static async Task WriteAsync(Stream stream, IReadOnlyList<RawPage> pages, CancellationToken cancellationToken)
    {
        // The small properties go through a Utf8JsonWriter with default options: the serializer's writer for the
        // core's context (compact, default encoder), so strings are escaped exactly as the converter escapes them.
        var buffer = new ArrayBufferWriter<byte>(1024);
        await using var writer = new Utf8JsonWriter(buffer);
        await stream.WriteAsync(s_startArray, cancellationToken);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            if (i > 0)
            {
                await stream.WriteAsync(s_comma, cancellationToken);
            }

            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            RawPagesJsonConverter.WriteHeader(writer, page);
            if (page.IsJson)
            {
                ValidateJson(page.Body.Span);
                writer.Flush();
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                await stream.WriteAsync(s_bodyProperty, cancellationToken);
                await stream.WriteAsync(page.Body, cancellationToken);
                await stream.WriteAsync(s_endObject, cancellationToken);
            }
            else
            {
                writer.WriteString("bodyText", Encoding.UTF8.GetString(page.Body.Span));
                writer.WriteEndObject();
                writer.Flush();
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
            }
        }

        await stream.WriteAsync(s_endArray, cancellationToken);
    }

    /// <summary>
    /// The check <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/> makes before it copies a raw
    /// value (it reads every token with a default reader), so a body the converter would refuse is refused here too.
    /// </summary>
    private static void ValidateJson(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new ArgumentException("A raw JSON page body is empty.", nameof(json));
        }

        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
        }
    }
}
