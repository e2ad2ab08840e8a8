using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// Writes raw upstream pages into a snapshot document: JSON bodies are spliced in as JSON (numbers keep their exact
/// text and are never re-parsed into a tree); bodies that are not JSON are kept as text. Reading skips them: code that
/// reads a snapshot back needs only its typed part. A run writes the pages with <see cref="RawPagesWriter"/> (the same
/// bytes, without copying the bodies through the serializer's buffer); this converter is the reference it is tested
/// against, and serves any other serialisation of a document.
/// </summary>
internal sealed class RawPagesJsonConverter : JsonConverter<IReadOnlyList<RawPage>>
{
    public override IReadOnlyList<RawPage> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return [];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<RawPage> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var page in value)
        {
            WriteHeader(writer, page);
            if (page.IsJson)
            {
                writer.WritePropertyName("body");
                writer.WriteRawValue(page.Body.Span, skipInputValidation: false);
            }
            else
            {
                writer.WriteString("bodyText", Encoding.UTF8.GetString(page.Body.Span));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A page's object up to its body: the start and every property but <c>body</c>/<c>bodyText</c>.</summary>
    internal static void WriteHeader(Utf8JsonWriter writer, RawPage page)
    {
        writer.WriteStartObject();
        writer.WriteString("request", page.Request);
        writer.WriteNumber("httpStatus", page.HttpStatus);
        if (page.CorrelationId is not null)
        {
            writer.WriteString("correlationId", page.CorrelationId);
        }

        if (page.ContentType is not null)
        {
            writer.WriteString("contentType", page.ContentType);
        }

        writer.WriteString("sha256", page.Sha256);
        writer.WriteNumber("length", page.Length);
    }
}
