namespace AccountSnapshots.Sandbox;

/// <summary>Placeholder until the stand-ins land.</summary>
internal static class SandboxInfo
{
    public const string Name = "sandbox";
}
