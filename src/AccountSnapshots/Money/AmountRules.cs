namespace AccountSnapshots.Money;

/// <summary>
/// Plausibility bounds on one upstream amount, checked after normalisation: at most <see cref="MaxDigits"/> digits
/// (a hostile <c>"1E+400"</c> would otherwise expand to a 401-digit number) and, where the API says so, no sign.
/// </summary>
internal sealed record AmountRules(int MaxDigits, string MaxDigitsSetting, bool NonNegative)
{
    /// <summary>Default of <c>Conduit:MaxAmountDigits</c> and <c>ThreeCommas:MaxAmountDigits</c>: 100 digits.</summary>
    public const int DefaultMaxDigits = 100;

    /// <summary>Smallest accepted setting: 3Commas sends up to ~50 digits (44 after the point).</summary>
    public const int MinMaxDigits = 60;

    /// <summary>Largest accepted setting (the normaliser's own hard bound).</summary>
    public const int MaxMaxDigits = 4096;

    /// <summary>Conduit: amounts are non-negative integers-as-strings or decimals (spec pattern <c>^[0-9]*$</c>).</summary>
    public static AmountRules ConduitDefault { get; } = new(DefaultMaxDigits, "Conduit:MaxAmountDigits", NonNegative: true);

    /// <summary>3Commas: signed amounts are possible (a negative balance on a margin account).</summary>
    public static AmountRules ThreeCommasDefault { get; } = new(DefaultMaxDigits, "ThreeCommas:MaxAmountDigits", NonNegative: false);
}
