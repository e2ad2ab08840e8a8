namespace AccountSnapshots.Sandbox;

/// <summary>One request a stand-in received: the raw path and query, when it arrived, and the status answered. No headers are kept.</summary>
public sealed class SandboxRequest
{
    internal SandboxRequest(string pathAndQuery, DateTimeOffset time)
    {
        PathAndQuery = pathAndQuery;
        Time = time;
    }

    /// <summary>The request target exactly as received, e.g. <c>/public/api/ver1/accounts?page=1&amp;per_page=100</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>Arrival time from the sandbox's clock.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>HTTP status answered (0 when the connection was dropped).</summary>
    public int StatusCode { get; internal set; }

    /// <summary>The <c>Forced-Mode</c> header (3Commas) or <c>Api-Version</c> header (Conduit) as received; never a credential.</summary>
    public string? ModeHeader { get; internal set; }

    /// <summary>The fault applied, when one was.</summary>
    public SandboxFaultKind? Fault { get; internal set; }
}
