namespace AccountSnapshots.Sandbox;

/// <summary>An exchange as 3Commas names it: display name, market code and pretty display type.</summary>
internal sealed record SandboxExchange(string Name, string Code, string Pretty);
