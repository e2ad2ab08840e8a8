using System.Text.Json;
using AccountSnapshots.Tests.FunctionsHost.Rpc;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>One function as the worker indexed it (FunctionMetadataResponse): its id, entry point and raw bindings.</summary>
internal sealed class IndexedFunction
{
    private IndexedFunction(RpcFunctionMetadata metadata, IReadOnlyList<JsonElement> bindings)
    {
        Metadata = metadata;
        Bindings = bindings;
        Trigger = bindings.Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
    }

    public RpcFunctionMetadata Metadata { get; }

    public string Name => Metadata.Name;

    public string FunctionId => Metadata.FunctionId;

    /// <summary>The raw binding JSON objects, exactly as the worker sent them (its functions.metadata).</summary>
    public IReadOnlyList<JsonElement> Bindings { get; }

    public JsonElement Trigger { get; }

    public string TriggerType => Trigger.GetProperty("type").GetString()!;

    public string TriggerName => Trigger.GetProperty("name").GetString()!;

    public string? TriggerProperty(string name) =>
        Trigger.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } property
            ? property.Value.GetString()
            : null;

    public IReadOnlyList<string> HttpMethods =>
        Trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!)] : [];

    public static IndexedFunction From(RpcFunctionMetadata metadata)
    {
        var bindings = metadata.RawBindings.Select(raw =>
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }).ToList();
        return new IndexedFunction(metadata, bindings);
    }

    /// <summary>The load request the host sends for this function: its metadata with each raw binding as a BindingInfo.</summary>
    public FunctionLoadRequest ToLoadRequest()
    {
        var request = new FunctionLoadRequest
        {
            FunctionId = FunctionId,
            Metadata = new RpcFunctionMetadata
            {
                Name = Metadata.Name,
                Directory = Metadata.Directory,
                EntryPoint = Metadata.EntryPoint,
                ScriptFile = Metadata.ScriptFile,
                IsProxy = false,
            },
        };
        foreach (var (key, value) in Metadata.Properties)
        {
            request.Metadata.Properties[key] = value;
        }

        foreach (var binding in Bindings)
        {
            var info = new BindingInfo
            {
                Type = binding.GetProperty("type").GetString()!,
                Direction = binding.GetProperty("direction").GetString()!.ToUpperInvariant() switch
                {
                    "IN" => BindingInfo.Types.Direction.In,
                    "OUT" => BindingInfo.Types.Direction.Out,
                    _ => BindingInfo.Types.Direction.Inout,
                },
            };
            if (binding.TryGetProperty("dataType", out var dataType) && Enum.TryParse<BindingInfo.Types.DataType>(dataType.GetString(), ignoreCase: true, out var parsed))
            {
                info.DataType = parsed;
            }

            request.Metadata.Bindings[binding.GetProperty("name").GetString()!] = info;
        }

        return request;
    }
}
