namespace AccountSnapshots.Sandbox;

/// <summary>The values of one generated 3Commas account (key health after timeline and overrides, amounts after the walk).</summary>
internal sealed record SandboxThreeCommasAccount(
    int Index,
    long Id,
    string ApiKey,
    SandboxExchange Exchange,
    string KeyState,
    bool Invalid,
    string Usd,
    string Btc,
    string Profit)
{
    // Fixed quirks by position: account 3 is locked, account 4 has non-numeric percentages.
    public bool Locked => Index == 3;

    public string Percentage => Index == 4 ? "Infinity" : "6.31";
}
