using System.Text.Json;
using System.Text.RegularExpressions;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Reads the error code out of an error body, tolerantly: 3Commas <c>error</c> as a string or an object, Conduit
/// <c>errors[0].code</c> or problem+json. Anything unreadable gives null rather than an exception.
/// </summary>
/// <remarks>
/// The code is stored, served (<c>lastError.errorCode</c>) and logged, and the body it comes from is the upstream's,
/// unmasked: only an identifier-like token is kept (<c>signature_invalid</c>, <c>API_KEY_INVALID</c>), never free text,
/// an object's JSON or a long run of letters and digits that could be a key echoed back.
/// </remarks>
internal static partial class UpstreamErrorBody
{
    // Error bodies are small; a large one is not an error envelope worth building a DOM for.
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static string? TryGetCode(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxErrorBodyBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.String => Safe(error.GetString()),
                    JsonValueKind.Object when error.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Number
                        => Safe(code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText()),
                    JsonValueKind.Object when error.TryGetProperty("status_code", out var statusCode) && statusCode.ValueKind == JsonValueKind.Number
                        && Safe(statusCode.GetRawText()) is { } number => "status_code " + number,
                    _ => null,
                };
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return Safe(code.GetString());
                }
            }

            foreach (var name in (string[])["code", "title"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return Safe(value.GetString());
                }
            }

            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8.
            return null;
        }
    }

    private static string? Safe(string? code) => code is not null && ErrorCode().IsMatch(code) ? code : null;

    // 1-64 characters of letters, digits and _ . : -, starting with a letter or digit, with no run of more than 20
    // letters and digits (an API key is one long run; codes are words joined by separators).
    [GeneratedRegex(@"\A(?=.{1,64}\z)(?!.*[A-Za-z0-9]{21})[A-Za-z0-9][A-Za-z0-9_.:-]*\z", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ErrorCode();
}
