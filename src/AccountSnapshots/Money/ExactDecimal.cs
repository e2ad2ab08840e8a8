using System.Globalization;
using System.Numerics;
using System.Text;

namespace AccountSnapshots.Money;

/// <summary>
/// Exact decimal arithmetic on strings. Upstream amounts carry up to ~50 significant digits and sometimes exponent
/// notation; <see cref="decimal"/> rounds at 28-29 digits and <see cref="double"/> is binary, so amounts are kept as
/// plain decimal strings and summed as an unscaled <see cref="BigInteger"/> plus a scale.
/// </summary>
internal static class ExactDecimal
{
    // An exponent this large would expand to a string bigger than any real amount; refusing it keeps a hostile
    // "1e999999999" from allocating gigabytes.
    private const int MaxExpandedDigits = 4096;

    /// <summary>
    /// Turns a JSON number token or decimal string (optional sign, digits, optional fraction, optional exponent)
    /// into a plain decimal string keeping the source's digits: "1.6199672389633248e-06" becomes
    /// "0.0000016199672389633248", "1000.000000" stays "1000.000000". Non-numeric text ("Infinity", "NaN", "") fails.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> raw, out string normalized)
    {
        normalized = "";
        if (!TryParseParts(raw, allowExponent: true, out var negative, out var digits, out var scale))
        {
            return false;
        }

        normalized = Format(negative, digits, scale);
        return true;
    }

    /// <summary>UTF-8 overload for JSON tokens (numbers are passed as their raw token text, never as a double).</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> utf8, out string normalized)
    {
        normalized = "";
        if (utf8.Length > MaxExpandedDigits)
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
        if (!TryParseParts(value, allowExponent: false, out var negative, out var digits, out var scale))
        {
            throw new FormatException($"'{value}' is not a plain decimal string.");
        }

        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return (negative ? -unscaled : unscaled, scale);
    }

    /// <summary>Splits a number into sign, significant digits (no leading zeros) and a non-negative scale.</summary>
    private static bool TryParseParts(ReadOnlySpan<char> raw, bool allowExponent, out bool negative, out string digits, out int scale)
    {
        negative = false;
        digits = "";
        scale = 0;
        var i = 0;
        if (raw.Length > MaxExpandedDigits)
        {
            return false;
        }

        if (i < raw.Length && (raw[i] == '-' || raw[i] == '+'))
        {
            negative = raw[i] == '-';
            i++;
        }

        var builder = new StringBuilder(raw.Length);
        var mantissaDigits = 0;
        var fractionDigits = 0;
        while (i < raw.Length && char.IsAsciiDigit(raw[i]))
        {
            builder.Append(raw[i]);
            mantissaDigits++;
            i++;
        }

        if (i < raw.Length && raw[i] == '.')
        {
            i++;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]))
            {
                builder.Append(raw[i]);
                mantissaDigits++;
                fractionDigits++;
                i++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        long exponent = 0;
        if (i < raw.Length && (raw[i] == 'e' || raw[i] == 'E'))
        {
            if (!allowExponent)
            {
                return false;
            }

            i++;
            var exponentNegative = false;
            if (i < raw.Length && (raw[i] == '-' || raw[i] == '+'))
            {
                exponentNegative = raw[i] == '-';
                i++;
            }

            var exponentDigits = 0;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]))
            {
                exponent = (exponent * 10) + (raw[i] - '0');
                exponentDigits++;
                i++;
                if (exponent > MaxExpandedDigits)
                {
                    return false;
                }
            }

            if (exponentDigits == 0)
            {
                return false;
            }

            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        if (i != raw.Length)
        {
            return false;
        }

        long newScale = fractionDigits - exponent;
        if (newScale < 0)
        {
            // A positive exponent beyond the fraction: the digits move left of the point, padded with zeros.
            builder.Append('0', (int)-newScale);
            newScale = 0;
        }

        if (newScale > MaxExpandedDigits)
        {
            return false;
        }

        digits = builder.ToString().TrimStart('0');
        scale = (int)newScale;
        if (digits.Length == 0)
        {
            // Zero has no sign worth keeping: "-0.00" and "0.00" are the same amount.
            negative = false;
        }

        return true;
    }

    private static string Format(bool negative, string digits, int scale)
    {
        var integerLength = digits.Length - scale;
        var builder = new StringBuilder(Math.Max(digits.Length, scale) + 3);
        if (negative)
        {
            builder.Append('-');
        }

        if (integerLength > 0)
        {
            builder.Append(digits, 0, integerLength);
        }
        else
        {
            builder.Append('0');
        }

        if (scale > 0)
        {
            builder.Append('.');
            if (integerLength < 0)
            {
                builder.Append('0', -integerLength);
                builder.Append(digits);
            }
            else
            {
                builder.Append(digits, integerLength, scale);
            }
        }

        return builder.ToString();
    }

    private static string FormatUnscaled(BigInteger unscaled, int scale)
    {
        var negative = unscaled.Sign < 0;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        return Format(negative, digits == "0" ? "" : digits, scale);
    }
}
