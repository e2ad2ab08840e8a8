namespace AccountSnapshots.Sandbox;

/// <summary>What a <see cref="SandboxFault"/> does to one response.</summary>
public enum SandboxFaultKind
{
    /// <summary>Answer with <see cref="SandboxFault.StatusCode"/> and the API's error body (429 with optional Retry-After).</summary>
    Status,

    /// <summary>Wait <see cref="SandboxFault.Delay"/> before answering normally.</summary>
    Slow,

    /// <summary>200 whose JSON body is cut in half (a complete HTTP message with incomplete JSON).</summary>
    Truncated,

    /// <summary>200 with a body that is not valid JSON, typed application/json.</summary>
    Malformed,

    /// <summary>200 with an HTML page (text/html).</summary>
    Html,

    /// <summary>Drop the connection without answering (a transport error).</summary>
    Reset,

    /// <summary>200 that declares a longer body than it sends, then drops the connection (a transport error mid-body).</summary>
    Cut,

    /// <summary>Answer with <see cref="SandboxFault.Body"/>, <see cref="SandboxFault.StatusCode"/> and <see cref="SandboxFault.ContentType"/>.</summary>
    Body,
}
