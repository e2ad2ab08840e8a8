using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using AccountSnapshots.Model;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Rewrites a 3Commas body token by token, replacing every <c>api_key</c> value (at any depth, name matched without
/// regard to case, <c>_</c> or <c>-</c>; <c>api_secret</c>, <c>secret</c> and <c>passphrase</c> too) with its mask so the exchange key never reaches a stored raw copy: a string or a number keeps its
/// last 4 characters at most, an object or an array becomes the bare mask <c>…</c> (a key split over an array must
/// not survive piece by piece). A leading UTF-8 byte-order mark is ignored. Numbers elsewhere are copied as their raw
/// text so they stay exact.
/// </summary>
internal static class ThreeCommasApiKeyMasker
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The masked body. When the input is not complete JSON the output is the masked prefix read before the fault
    /// and <paramref name="complete"/> is false; a clear key is never copied either way.
    /// </summary>
    public static ReadOnlyMemory<byte> Mask(ReadOnlySpan<byte> json, out bool complete)
    {
        complete = false;
        if (!Utf8.IsValid(json))
        {
            // Names and values could not be told apart reliably, so nothing of it is kept: the raw record keeps only
            // the received length (the parser decides whether the page is usable; a value it reads that is not valid
            // UTF-8 fails the run as invalidResponse).
            return ReadOnlyMemory<byte>.Empty;
        }

        var output = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            var reader = new Utf8JsonReader(json.StartsWith(Utf8Bom) ? json[Utf8Bom.Length..] : json, new JsonReaderOptions { MaxDepth = 64 });
            var maskNext = false;
            var sawValue = false;
            try
            {
                while (reader.Read())
                {
                    sawValue = true;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject or JsonTokenType.StartArray when maskNext:
                            // Throws on a truncated value, so a partial key is never written either.
                            reader.Skip();
                            writer.WriteStringValue("…");
                            break;
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
                            maskNext = IsSecretName(reader.GetString()!);
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
                        case JsonTokenType.Number when maskNext:
                            writer.WriteStringValue(ApiKeyHealth.Mask(Encoding.UTF8.GetString(reader.ValueSpan)));
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

    // api_key in any case or spelling (apiKey, API-KEY), and the secrets an exchange connection might also carry.
    private static bool IsSecretName(string name)
    {
        var bare = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return bare.Equals("apikey", StringComparison.OrdinalIgnoreCase)
            || bare.Equals("apisecret", StringComparison.OrdinalIgnoreCase)
            || bare.Equals("secret", StringComparison.OrdinalIgnoreCase)
            || bare.Equals("passphrase", StringComparison.OrdinalIgnoreCase);
    }
}
