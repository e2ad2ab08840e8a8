namespace AccountSnapshots.Sandbox;

/// <summary>The credentials the sandbox stand-ins accept. The defaults are documented, fixed and not secret.</summary>
public sealed record SandboxCredentials(string ConduitApiKey, string ConduitApiSecret, string ThreeCommasApiKey, string ThreeCommasApiSecret)
{
    /// <summary>
    /// <c>sandbox-conduit-key</c> / <c>sandbox-conduit-secret</c> for Conduit and <c>sandbox-3commas-key</c> /
    /// <c>sandbox-3commas-secret</c> for 3Commas.
    /// </summary>
    public static SandboxCredentials Default { get; } =
        new("sandbox-conduit-key", "sandbox-conduit-secret", "sandbox-3commas-key", "sandbox-3commas-secret");

    /// <inheritdoc />
    public override string ToString() => "SandboxCredentials { values redacted }";
}
