using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using AccountSnapshots.Api.OpenApi;

namespace AccountSnapshots.Tests.Api.OpenApi;

/// <summary>
/// Checks real HTTP responses against the OpenAPI document the product serves (the embedded
/// <c>Api/OpenApi/openapi.json</c>): the status code is one the operation declares (or <c>default</c>), the media
/// type is one it declares for that status, a JSON body is valid against the declared schema (JSON Schema 2020-12,
/// evaluated by JsonSchema.Net with <c>format</c> checked), and a CSV body starts with the declared columns.
/// </summary>
internal sealed class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> LazyProduct = new(() => new OpenApiContract(ReadEmbedded()));

    private readonly JsonObject _document;
    private readonly OpenApiSchemaSet _schemas;

    public OpenApiContract(string documentText)
    {
        _document = JsonNode.Parse(documentText)!.AsObject();
        _schemas = new OpenApiSchemaSet(_document["components"]!["schemas"]!.AsObject());
    }

    /// <summary>The product's own document.</summary>
    public static OpenApiContract Product => LazyProduct.Value;

    public static string ReadEmbedded()
    {
        using var stream = typeof(OpenApiHandler).Assembly.GetManifestResourceStream(OpenApiHandler.ResourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Every documented path with its methods (upper case).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Operations =>
        _document["paths"]!.AsObject().ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<string>)[.. p.Value!.AsObject().Select(m => m.Key.ToUpperInvariant())],
            StringComparer.Ordinal);

    /// <summary>True when the request is a documented operation (HEAD counts as its GET).</summary>
    public bool Documents(string method, string path) => FindOperation(method, path) is not null;

    /// <summary>
    /// The violations of one exchange; empty when it conforms. A request to an undocumented path or method is only
    /// checked for the contract every route keeps: a 4xx or 5xx is problem+json.
    /// </summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string? contentEncoding, byte[] body)
    {
        var label = $"{method} {path} → {status}";
        var errors = new List<string>();
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var head = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
        var operation = FindOperation(method, path);
        if (operation is null)
        {
            if (status >= 400 && mediaType != "application/problem+json")
            {
                errors.Add($"{label}: an error answered {mediaType ?? "no content type"}, not application/problem+json");
            }

            return errors;
        }

        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
        {
            errors.Add($"{label}: status {status} is not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})");
            return errors;
        }

        response = Resolve(response);
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                errors.Add($"{label}: declares no body but {body.Length} bytes came");
            }

            return errors;
        }

        if (mediaType is null || content[mediaType] is not { } media)
        {
            errors.Add($"{label}: content type {mediaType ?? "(none)"} is not declared (declared: {string.Join(", ", content.Select(c => c.Key))})");
            return errors;
        }

        if (head)
        {
            return errors;
        }

        var bytes = Decode(body, contentEncoding);
        if (mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            errors.AddRange(_schemas.Check(label, media["schema"]!, bytes));
        }
        else if (media["x-csv-columns"] is JsonArray columns)
        {
            var header = string.Join(',', columns.Select(c => c!.GetValue<string>()));
            var text = Encoding.UTF8.GetString(bytes);
            var firstLine = text.Split('\n')[0].TrimEnd('\r');
            if (!string.Equals(firstLine, header, StringComparison.Ordinal))
            {
                errors.Add($"{label}: CSV header '{firstLine}' is not the declared '{header}'");
            }
        }

        return errors;
    }

    /// <summary>Validates <paramref name="json"/> against the named component schema.</summary>
    public IReadOnlyList<string> CheckSchema(string componentName, string json) =>
        [.. _schemas.Check("schema " + componentName, new JsonObject { ["$ref"] = "#/components/schemas/" + componentName }, Encoding.UTF8.GetBytes(json))];

    private JsonObject? FindOperation(string method, string path)
    {
        var verb = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) ? "get" : method.ToLowerInvariant();
        var item = _document["paths"]![path];
        return item is JsonObject operations && operations[verb] is JsonObject operation ? operation : null;
    }

    private JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonNode)_document, (current, segment) => current[segment] ?? throw new InvalidOperationException($"Unresolved $ref {reference}"));
        }

        return node;
    }

    private static byte[] Decode(byte[] body, string? contentEncoding)
    {
        if (string.IsNullOrEmpty(contentEncoding) || body.Length == 0)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = contentEncoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Unexpected Content-Encoding {contentEncoding}"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
