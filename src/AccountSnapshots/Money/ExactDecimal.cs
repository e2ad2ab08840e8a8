using System.Globalization;
using System.Numerics;

namespace AccountSnapshots.Money;

/// <summary>
/// Exact decimal arithmetic on strings. Upstream amounts carry up to ~50 significant digits and sometimes exponent
/// notation; <see cref="decimal"/> rounds at 28-29 digits and <see cref="double"/> is binary, so amounts are kept as
/// plain decimal strings and summed as an unscaled <see cref="BigInteger"/> plus a scale.
/// </summary>
internal static class ExactDecimal
{
    /// <summary>
    /// Turns a JSON number token or decimal string (optional sign, digits, optional fraction, optional exponent)
    /// into a plain decimal string keeping the source's digits: "1.6199672389633248e-06" becomes
    /// "0.0000016199672389633248", "1000.000000" stays "1000.000000". Non-numeric text ("Infinity", "NaN", "") fails.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> raw, out string normalized)
    {
        normalized = "";
        if (!DecimalText.TryParse(raw, allowExponent: true, out var negative, out var digits, out var scale))
        {
            return false;
        }

        normalized = DecimalText.Format(negative, digits, scale);
        return true;
    }

    /// <summary>UTF-8 overload for JSON tokens (numbers are passed as their raw token text, never as a double).</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> utf8, out string normalized)
    {
        normalized = "";
        if (utf8.Length > DecimalText.MaxExpandedDigits)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 127)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return TryNormalize(chars, out normalized);
    }

    /// <summary>Exact sum of plain decimal strings; the result keeps the largest input scale ("0" when empty).</summary>
    public static string Sum(IEnumerable<string> plainDecimals)
    {
        ArgumentNullException.ThrowIfNull(plainDecimals);
        var total = BigInteger.Zero;
        var totalScale = 0;
        foreach (var value in plainDecimals)
        {
            var (unscaled, scale) = ParsePlain(value);
            if (scale > totalScale)
            {
                total *= BigInteger.Pow(10, scale - totalScale);
                totalScale = scale;
            }
            else if (scale < totalScale)
            {
                unscaled *= BigInteger.Pow(10, totalScale - scale);
            }

            total += unscaled;
        }

        return FormatUnscaled(total, totalScale);
    }

    /// <summary>Exact <paramref name="a"/> − <paramref name="b"/>; the result keeps the larger scale ("1.50" − "1" is "0.50").</summary>
    public static string Subtract(string a, string b)
    {
        var (ub, sb) = ParsePlain(b);
        return Sum([a, FormatUnscaled(-ub, sb)]);
    }

    /// <summary>The absolute value, digits kept.</summary>
    public static string Abs(string value) =>
        value.StartsWith('-') ? value[1..] : value;

    /// <summary>Numeric comparison of two plain decimal strings ("1.50" equals "1.5").</summary>
    public static int Compare(string a, string b)
    {
        var (ua, sa) = ParsePlain(a);
        var (ub, sb) = ParsePlain(b);
        if (sa < sb)
        {
            ua *= BigInteger.Pow(10, sb - sa);
        }
        else if (sb < sa)
        {
            ub *= BigInteger.Pow(10, sa - sb);
        }

        return ua.CompareTo(ub);
    }

    private static (BigInteger Unscaled, int Scale) ParsePlain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!DecimalText.TryParse(value, allowExponent: false, out var negative, out var digits, out var scale))
        {
            throw new FormatException($"'{value}' is not a plain decimal string.");
        }

        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return (negative ? -unscaled : unscaled, scale);
    }

    private static string FormatUnscaled(BigInteger unscaled, int scale)
    {
        var negative = unscaled.Sign < 0;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        return DecimalText.Format(negative, digits == "0" ? "" : digits, scale);
    }
}
