using System.Text;

namespace AccountSnapshots.Money;

/// <summary>
/// The text form of an exact decimal: splits a number into sign, significant digits and scale, and writes those
/// back as a plain decimal string. <see cref="ExactDecimal"/> does the arithmetic on top of it.
/// </summary>
internal static class DecimalText
{
    // An exponent this large would expand to a string bigger than any real amount; refusing it keeps a hostile
    // "1e999999999" from allocating gigabytes.
    public const int MaxExpandedDigits = 4096;

    /// <summary>Splits a number into sign, significant digits (no leading zeros) and a non-negative scale.</summary>
    public static bool TryParse(ReadOnlySpan<char> raw, bool allowExponent, out bool negative, out string digits, out int scale)
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

    /// <summary>The plain decimal string of a sign, significant digits ("" for zero) and a scale.</summary>
    public static string Format(bool negative, string digits, int scale)
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
}
