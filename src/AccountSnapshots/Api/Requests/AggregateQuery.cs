using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// The parsed query of <c>/api/accounts/latest</c>. Unknown parameter names are ignored (the Functions host adds
/// <c>code</c>); an unknown value is a client error answered with 400 naming the parameter and its allowed values.
/// </summary>
internal sealed record AggregateQuery(AggregateFormat Format, string? Source, string? Asset, bool AlertsOnly)
{
    // Long enough for any asset code, short enough that a hostile value is never echoed at length.
    private const int MaxAssetLength = 32;
    private const int MaxEchoLength = 40;

    /// <summary>True when the document must be filtered (and so re-serialized).</summary>
    public bool HasFilter => Source is not null || Asset is not null || AlertsOnly;

    /// <summary>Parses the request; on failure <paramref name="problem"/> is the detail of the 400.</summary>
    public static bool TryParse(HttpRequest request, out AggregateQuery query, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        query = new AggregateQuery(AggregateFormat.Json, null, null, false);
        var q = request.Query;

        if (!TryGetSingle(q, "format", out var formatText, out problem))
        {
            return false;
        }

        AggregateFormat format;
        if (formatText is null)
        {
            format = AcceptsCsv(request) ? AggregateFormat.Csv : AggregateFormat.Json;
        }
        else if (string.Equals(formatText, "json", StringComparison.OrdinalIgnoreCase))
        {
            format = AggregateFormat.Json;
        }
        else if (string.Equals(formatText, "csv", StringComparison.OrdinalIgnoreCase))
        {
            format = AggregateFormat.Csv;
        }
        else
        {
            problem = Invalid("format", formatText, "json, csv");
            return false;
        }

        if (!TryGetSingle(q, "source", out var sourceText, out problem))
        {
            return false;
        }

        string? source = null;
        if (sourceText is not null)
        {
            source = SourceNames.All.FirstOrDefault(s => string.Equals(s, sourceText, StringComparison.OrdinalIgnoreCase));
            if (source is null)
            {
                problem = Invalid("source", sourceText, string.Join(", ", SourceNames.All));
                return false;
            }
        }

        if (!TryGetSingle(q, "asset", out var asset, out problem))
        {
            return false;
        }

        if (asset is not null && (asset.Length is 0 or > MaxAssetLength || !asset.All(IsAssetChar)))
        {
            problem = Invalid("asset", asset, $"an asset code of 1 to {MaxAssetLength} letters, digits, '.', '_' or '-' (e.g. USDC, USD, BTC)");
            return false;
        }

        if (!TryGetSingle(q, "alertsOnly", out var alertsText, out problem))
        {
            return false;
        }

        var alertsOnly = false;
        if (alertsText is not null)
        {
            if (string.Equals(alertsText, "true", StringComparison.OrdinalIgnoreCase))
            {
                alertsOnly = true;
            }
            else if (!string.Equals(alertsText, "false", StringComparison.OrdinalIgnoreCase))
            {
                problem = Invalid("alertsOnly", alertsText, "true, false");
                return false;
            }
        }

        query = new AggregateQuery(format, source, asset, alertsOnly);
        return true;
    }

    private static bool TryGetSingle(IQueryCollection query, string name, out string? value, out string? problem)
    {
        problem = null;
        value = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        // Repeating a parameter with different values is ambiguous; repeating the same value is harmless.
        var first = values[0] ?? "";
        for (var i = 1; i < values.Count; i++)
        {
            if (!string.Equals(values[i], first, StringComparison.Ordinal))
            {
                problem = $"Query parameter '{name}' was given more than once with different values; give it once.";
                return false;
            }
        }

        value = first;
        return true;
    }

    /// <summary>True when the Accept header prefers text/csv to JSON (shared with the history endpoint).</summary>
    internal static bool AcceptsCsv(HttpRequest request)
    {
        // A malformed Accept header is ignored rather than rejected: JSON is always acceptable as the default.
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        // An explicit text/csv preference wins; JSON stays the default when CSV is only tolerated less.
        var csv = Quality(types, "text/csv");
        return csv > 0 && csv >= Quality(types, "application/json");
    }

    private static double Quality(IList<MediaTypeHeaderValue> types, string mediaType) =>
        types.Where(t => t.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(t => t.Quality ?? 1).DefaultIfEmpty(0).Max();

    private static bool IsAssetChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string Invalid(string name, string value, string allowed)
    {
        var shown = value.Length > MaxEchoLength ? string.Concat(value.AsSpan(0, MaxEchoLength), "…") : value;
        return $"Query parameter '{name}' has the unsupported value '{shown}'; allowed: {allowed}.";
    }
}
