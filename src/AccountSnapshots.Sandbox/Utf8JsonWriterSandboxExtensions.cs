using System.Text.Json;

namespace AccountSnapshots.Sandbox;

/// <summary>Writer helpers for the generated data.</summary>
internal static class Utf8JsonWriterSandboxExtensions
{
    /// <summary>Writes a property whose value is a JSON number given as its exact text (never through a double).</summary>
    public static void WriteNumberValueRaw(this Utf8JsonWriter writer, string propertyName, string numberText)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteRawValue(numberText, skipInputValidation: false);
    }
}
