using System.Text.Json;
using AccountSnapshots.Money;

namespace AccountSnapshots.Upstream;

/// <summary>Small Utf8JsonReader helpers shared by the upstream parsers.</summary>
internal static class JsonReading
{
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new UpstreamFormatException($"{what} is not {Describe(type)}");
        }
    }

    /// <summary>A string value, or null for JSON null or any other token (tolerated: never aggregated).</summary>
    public static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return Text(ref reader);
        }

        reader.Skip();
        return null;
    }

    public static bool? ReadOptionalBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>An amount we aggregate: a decimal string or a JSON number (its raw token text, never a double).</summary>
    public static string? ReadAmount(ref Utf8JsonReader reader, string what, bool required, Money.AmountRules rules)
    {
        var amount = ReadAmountText(ref reader, what, required);
        if (amount is null)
        {
            return null;
        }

        if (rules.NonNegative && amount.StartsWith('-'))
        {
            throw new UpstreamFormatException($"{what} is negative; this API's amounts are never negative");
        }

        var digits = amount.Count(char.IsAsciiDigit);
        if (digits > rules.MaxDigits)
        {
            throw new UpstreamFormatException($"{what} has {digits} digits, more than {rules.MaxDigitsSetting} ({rules.MaxDigits}) allows");
        }

        return amount;
    }

    private static string? ReadAmountText(ref Utf8JsonReader reader, string what, bool required)
    {
        reader.Read();
        string? normalized;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null when !required:
                return null;
            case JsonTokenType.Number:
                if (!ExactDecimal.TryNormalize(reader.ValueSpan, out normalized))
                {
                    throw new UpstreamFormatException($"{what} is not a decimal number");
                }

                return normalized;
            case JsonTokenType.String:
                var text = Text(ref reader);
                if (!ExactDecimal.TryNormalize(text, out normalized))
                {
                    throw new UpstreamFormatException($"{what} is not a decimal number");
                }

                return normalized;
            default:
                throw new UpstreamFormatException($"{what} is not a decimal string or number");
        }
    }

    public static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new UpstreamFormatException("there is content after the root value");
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };

    /// <summary>The current string token's text; a string that is not valid UTF-8 is a format error, not a crash.</summary>
    public static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UpstreamFormatException("a string in the body is not valid UTF-8");
        }
    }
}
