using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AccountSnapshots.Tests.Api.OpenApi;

/// <summary>
/// The OpenAPI document's schemas as JSON Schema 2020-12 (OpenAPI 3.1's dialect), evaluated by JsonSchema.Net with
/// <c>format</c> checked: <c>components/schemas</c> become <c>$defs</c> of every evaluated schema, so their
/// <c>$ref</c>s resolve inside one resource.
/// </summary>
internal sealed class OpenApiSchemaSet
{
    private readonly JsonObject _defs = new();
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiSchemaSet(JsonObject components)
    {
        foreach (var (name, schema) in components)
        {
            _defs[name] = RewriteRefs(schema!.DeepClone());
        }
    }

    public IEnumerable<string> Check(string label, JsonNode schemaNode, byte[] body)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"{label}: the body is not JSON ({ex.Message})"];
        }

        using (instance)
        {
            var schema = SchemaFor(schemaNode);
            var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (result.IsValid)
            {
                return [];
            }

            return [.. (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{label}: at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}"))
                .Take(20)
                .DefaultIfEmpty($"{label}: not valid against its schema")];
        }
    }

    private JsonSchema SchemaFor(JsonNode schemaNode)
    {
        var key = schemaNode.ToJsonString();
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(key, out var schema))
            {
                var root = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$id"] = "https://account-snapshots.invalid/openapi/" + _schemas.Count,
                    ["$defs"] = _defs.DeepClone(),
                    ["allOf"] = new JsonArray(RewriteRefs(schemaNode.DeepClone())),
                };
                schema = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                _schemas[key] = schema;
            }

            return schema;
        }
    }

    private static JsonNode RewriteRefs(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "$ref" && value!.GetValue<string>() is var reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj["$ref"] = "#/$defs/" + reference["#/components/schemas/".Length..];
                    }
                    else if (value is not null)
                    {
                        RewriteRefs(value);
                    }
                }

                // The document must name every field a response carries: an object schema closes over its properties
                // here (tests only), so a field the code writes and the contract leaves out fails the conformance check.
                if (obj["type"] is JsonValue type && type.GetValue<string>() == "object" && obj.ContainsKey("properties")
                    && !obj.ContainsKey("additionalProperties") && !obj.ContainsKey("unevaluatedProperties"))
                {
                    obj["unevaluatedProperties"] = false;
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteRefs(item);
                    }
                }

                break;
        }

        return node;
    }
}
