using System.Text.Json;

namespace AccountSnapshots.Upstream;

/// <summary>A response body that is not the documented shape; its message names the problem, never a value.</summary>
internal sealed class UpstreamFormatException(string message) : Exception(message)
{
    /// <summary>
    /// The detail for an invalid body. A reader error is described by position only: its own message may quote body
    /// text, and a 3Commas body holds exchange api keys.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        UpstreamFormatException format => format.Message,
        JsonException json => $"the body is not valid JSON (line {json.LineNumber}, byte {json.BytePositionInLine})",
        _ => $"the body could not be read ({exception.GetType().Name})",
    };
}
