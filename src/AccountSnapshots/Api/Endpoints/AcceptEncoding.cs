using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Api;

/// <summary>Chooses the response encoding from <c>Accept-Encoding</c>: Brotli, then gzip, then identity.</summary>
internal static class AcceptEncoding
{
    /// <summary><c>br</c>, <c>gzip</c>, or null for identity.</summary>
    public static string? Choose(StringValues header)
    {
        double? br = null, gzip = null, any = null;
        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = part.IndexOf(';', StringComparison.Ordinal);
                var coding = (semicolon < 0 ? part : part[..semicolon]).Trim();
                var quality = semicolon < 0 ? 1.0 : Quality(part[(semicolon + 1)..]);
                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    br = quality;
                }
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = quality;
                }
                else if (coding == "*")
                {
                    any = quality;
                }
            }
        }

        // A coding named explicitly wins over "*"; q=0 refuses it.
        var brotli = br ?? any ?? 0;
        var gzipped = gzip ?? any ?? 0;
        return brotli > 0 && brotli >= gzipped ? "br" : gzipped > 0 ? "gzip" : null;
    }

    private static double Quality(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries))
        {
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q))
            {
                return Math.Clamp(q, 0, 1);
            }
        }

        return 1.0;
    }
}
