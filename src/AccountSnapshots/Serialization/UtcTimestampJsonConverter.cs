using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccountSnapshots.Serialization;

/// <summary>
/// Timestamps in every document are UTC with a <c>Z</c> (<c>2026-11-21T06:05:03Z</c>, fractions only when present),
/// as the aggregate contract shows; System.Text.Json's default would write <c>+00:00</c>.
/// </summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[40];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
