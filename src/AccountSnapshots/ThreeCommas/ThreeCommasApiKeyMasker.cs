using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AccountSnapshots.Snapshots;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Rewrites a 3Commas body token by token, replacing every <c>api_key</c> string value (at any depth) with its mask so
/// the exchange key never reaches a stored raw copy. Numbers are copied as their raw text so they stay exact.
/// </summary>
internal static class ThreeCommasApiKeyMasker
{
    /// <summary>
    /// The masked body. When the input is not complete JSON the output is the masked prefix read before the fault
    /// and <paramref name="complete"/> is false; a clear key is never copied either way.
    /// </summary>
    public static ReadOnlyMemory<byte> Mask(ReadOnlySpan<byte> json, out bool complete)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
        complete = false;
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            var maskNext = false;
            var sawValue = false;
            try
            {
                while (reader.Read())
                {
                    sawValue = true;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject:
                            writer.WriteStartObject();
                            break;
                        case JsonTokenType.EndObject:
                            writer.WriteEndObject();
                            break;
                        case JsonTokenType.StartArray:
                            writer.WriteStartArray();
                            break;
                        case JsonTokenType.EndArray:
                            writer.WriteEndArray();
                            break;
                        case JsonTokenType.PropertyName:
                            maskNext = reader.ValueTextEquals("api_key"u8);
                            if (reader.ValueIsEscaped)
                            {
                                writer.WritePropertyName(reader.GetString()!);
                            }
                            else
                            {
                                writer.WritePropertyName(reader.ValueSpan);
                            }

                            continue;
                        case JsonTokenType.String when maskNext:
                            writer.WriteStringValue(ApiKeyHealth.Mask(reader.GetString()));
                            break;
                        case JsonTokenType.String when reader.ValueIsEscaped:
                            writer.WriteStringValue(reader.GetString());
                            break;
                        case JsonTokenType.String:
                            writer.WriteStringValue(reader.ValueSpan);
                            break;
                        case JsonTokenType.Number:
                            writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            break;
                        case JsonTokenType.True:
                            writer.WriteBooleanValue(true);
                            break;
                        case JsonTokenType.False:
                            writer.WriteBooleanValue(false);
                            break;
                        case JsonTokenType.Null:
                            writer.WriteNullValue();
                            break;
                        default:
                            break;
                    }

                    maskNext = false;
                }

                complete = sawValue;
            }
            catch (JsonException)
            {
                complete = false;
            }
        }

        return output.WrittenMemory;
    }
}
