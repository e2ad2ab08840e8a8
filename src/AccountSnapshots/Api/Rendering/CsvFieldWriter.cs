using System.Text;

namespace AccountSnapshots.Api;

/// <summary>
/// The one place a CSV field is written, so every CSV the API serves (the aggregate, the history) gets the same
/// treatment: RFC 4180 (quoted when it holds a comma, quote, CR or LF; quotes doubled), and text columns guarded
/// against spreadsheet formula injection (OWASP CSV injection): a spreadsheet evaluates a field starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR even when it is quoted, so such a field gets a leading <c>'</c>
/// and is quoted. Amount columns are written unguarded: they only ever hold validated numbers, and a guard would
/// corrupt <c>-12.5</c>.
/// </summary>
internal static class CsvFieldWriter
{
    /// <summary>True when a spreadsheet would read <paramref name="value"/> as a formula (OWASP's list of leading characters).</summary>
    public static bool StartsLikeFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Appends one field (nothing for null or empty); <paramref name="guardFormula"/> is false only for amounts.</summary>
    public static void Append(StringBuilder text, string? value, bool guardFormula = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (guardFormula && StartsLikeFormula(value))
        {
            text.Append("\"'").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(value);
            return;
        }

        text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
