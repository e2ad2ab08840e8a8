using System.Text.Json;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Reads the error code out of an error body, tolerantly: 3Commas <c>error</c> as a string or an object, Conduit
/// <c>errors[0].code</c> or problem+json. Anything unreadable gives null rather than an exception.
/// </summary>
internal static class UpstreamErrorBody
{
    private const int MaxErrorCodeLength = 100;

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
                    JsonValueKind.String => Bound(error.GetString()),
                    JsonValueKind.Object when error.TryGetProperty("code", out var code) => Bound(code.ToString()),
                    JsonValueKind.Object when error.TryGetProperty("status_code", out var statusCode) => Bound("status_code " + statusCode),
                    _ => null,
                };
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return Bound(code.GetString());
                }
            }

            foreach (var name in (string[])["code", "title"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return Bound(value.GetString());
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Bound(string? code) =>
        code is { Length: > MaxErrorCodeLength } ? code[..MaxErrorCodeLength] : code;
}
