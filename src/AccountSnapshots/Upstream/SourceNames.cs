namespace AccountSnapshots.Upstream;

/// <summary>The names of the two upstream sources, as they appear in blob paths, JSON and the CLI (a contract).</summary>
public static class SourceNames
{
    /// <summary>Conduit Financial client accounts.</summary>
    public const string Conduit = "conduit";

    /// <summary>3Commas connected exchange accounts and wallets.</summary>
    public const string ThreeCommas = "threecommas";

    /// <summary>Every source, in the order they are reported.</summary>
    public static IReadOnlyList<string> All { get; } = [Conduit, ThreeCommas];

    /// <summary>True when <paramref name="name"/> is a known source name (case-sensitive, lower case).</summary>
    public static bool IsKnown(string? name) => name is Conduit or ThreeCommas;
}
