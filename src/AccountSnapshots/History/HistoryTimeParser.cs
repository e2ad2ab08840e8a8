using System.Globalization;
using System.Text.RegularExpressions;

namespace AccountSnapshots.History;

/// <summary>
/// The time forms the history accepts: ISO 8601 with <c>Z</c> or an offset, epoch seconds, or epoch milliseconds
/// (Grafana's <c>${__from}</c>). An integer of 1e11 or more is milliseconds (1e11 seconds is in the year 5138).
/// </summary>
public static partial class HistoryTimeParser
{
    private const long MillisecondsThreshold = 100_000_000_000;

    /// <summary>A description of the allowed forms, for error messages.</summary>
    public const string AllowedForms = "ISO 8601 with Z or an offset (2026-11-21T06:00:00Z), epoch seconds, or epoch milliseconds";

    /// <summary>Parses one of the allowed forms to UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            try
            {
                value = number >= MillisecondsThreshold ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        if (!IsoWithZone().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    // A date, a time, and a zone: a value without Z or an offset is ambiguous and refused.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithZone();
}
