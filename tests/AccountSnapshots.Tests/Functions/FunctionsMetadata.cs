using System.Text.Json;

namespace AccountSnapshots.Tests.Functions;

/// <summary>Reads the trigger of each function from the <c>functions.metadata</c> the Worker SDK generates at build.</summary>
internal static class FunctionsMetadata
{
    public static Dictionary<string, Trigger> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, Trigger>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            result[function.GetProperty("name").GetString()!] = new Trigger(
                trigger.GetProperty("type").GetString()!,
                Route: Text(trigger, "route"),
                AuthLevel: Text(trigger, "authLevel"),
                Methods: trigger.TryGetProperty("methods", out var methods) ? string.Join(',', methods.EnumerateArray().Select(m => m.GetString())) : null,
                Schedule: Text(trigger, "schedule"),
                RunOnStartup: trigger.TryGetProperty("runOnStartup", out var runOnStartup) ? runOnStartup.GetBoolean() : null);
        }

        return result;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    public sealed record Trigger(
        string Type,
        string? Route = null,
        string? AuthLevel = null,
        string? Methods = null,
        string? Schedule = null,
        bool? RunOnStartup = null);
}
