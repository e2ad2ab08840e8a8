using System.Text;

namespace AccountSnapshots.Api;

/// <summary>
/// The one place a CSV field is written (RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled), so
/// every CSV the API serves (the aggregate, the history) gets the same treatment, and any later guard applies to all.
/// </summary>
internal static class CsvFieldWriter
{
    /// <summary>Appends one field (nothing for null or empty).</summary>
    public static void Append(StringBuilder text, string? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(value))
        {
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
