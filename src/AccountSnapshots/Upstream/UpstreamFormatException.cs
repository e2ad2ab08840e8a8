namespace AccountSnapshots.Upstream;

/// <summary>A response body that is not the documented shape; its message names the problem, never a value.</summary>
internal sealed class UpstreamFormatException(string message) : Exception(message);
