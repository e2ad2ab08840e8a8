using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// Reading query parameters the same way on every route: one value or a list, a value from a known set, the
/// <c>format</c>/<c>Accept</c> negotiation, and the 400 detail that names the parameter and what it allows.
/// </summary>
internal static class QueryParameters
{
    // Long enough for any asset code, short enough that a hostile value is never echoed at length.
    public const int MaxAssetLength = 32;

    private const int MaxEchoLength = 40;
    private const int MaxValuesPerFilter = 1000;

    /// <summary>The one value of <paramref name="name"/> (null when absent); the same value repeated is harmless.</summary>
    public static bool TryGetSingle(IQueryCollection query, string name, out string? value, out string? problem)
    {
        problem = null;
        value = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        // Repeating a parameter with different values is ambiguous; repeating the same value is harmless.
        var first = values[0] ?? "";
        if (values.Skip(1).Any(v => !string.Equals(v, first, StringComparison.Ordinal)))
        {
            problem = $"Query parameter '{name}' was given more than once with different values; give it once.";
            return false;
        }

        value = first;
        return true;
    }

    /// <summary>Every value of <paramref name="name"/>, repeated or comma-separated; none may be empty.</summary>
    public static bool TryList(IQueryCollection query, string name, out List<string> values, out string? problem)
    {
        problem = null;
        values = [];
        if (!query.TryGetValue(name, out StringValues raw))
        {
            return true;
        }

        foreach (var item in raw)
        {
            foreach (var part in (item ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Length == 0)
                {
                    problem = $"Query parameter '{name}' has an empty value; give one or more values, repeated or comma-separated.";
                    return false;
                }

                values.Add(part);
            }
        }

        if (values.Count > MaxValuesPerFilter)
        {
            problem = $"Query parameter '{name}' has more than {MaxValuesPerFilter} values.";
            return false;
        }

        return true;
    }

    /// <summary>Each text as one of <paramref name="known"/>, matched case-insensitively and answered in the contract's spelling, without repeats.</summary>
    public static bool TryKnown(string name, List<string> texts, IReadOnlyList<string> known, out IReadOnlyList<string> values, out string? problem)
    {
        problem = null;
        var list = new List<string>();
        foreach (var text in texts)
        {
            var value = known.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
            if (value is null)
            {
                problem = Invalid(name, text, string.Join(", ", known));
                values = [];
                return false;
            }

            if (!list.Contains(value, StringComparer.Ordinal))
            {
                list.Add(value);
            }
        }

        values = list;
        return true;
    }

    /// <summary>The format from <c>format</c>, else from <c>Accept</c> (as on <c>latest</c>).</summary>
    public static bool TryFormat(HttpRequest request, string? text, out AggregateFormat format, out string? problem)
    {
        problem = null;
        format = AggregateFormat.Json;
        if (text is null)
        {
            // The latest endpoint's own negotiation: an Accept preferring text/csv selects CSV.
            format = AcceptsCsv(request) ? AggregateFormat.Csv : AggregateFormat.Json;
            return true;
        }

        if (string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "csv", StringComparison.OrdinalIgnoreCase))
        {
            format = AggregateFormat.Csv;
            return true;
        }

        problem = Invalid("format", text, "json, csv");
        return false;
    }

    /// <summary>True when the Accept header prefers text/csv to JSON.</summary>
    public static bool AcceptsCsv(HttpRequest request)
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

    /// <summary>An asset code: 1 to <see cref="MaxAssetLength"/> letters, digits, '.', '_' or '-'.</summary>
    public static bool IsAssetCode(string value) =>
        value.Length is > 0 and <= MaxAssetLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The 400 detail for a value the parameter does not allow (echoed, cut short).</summary>
    public static string Invalid(string name, string value, string allowed)
    {
        var shown = value.Length > MaxEchoLength ? string.Concat(value.AsSpan(0, MaxEchoLength), "…") : value;
        return $"Query parameter '{name}' has the unsupported value '{shown}'; allowed: {allowed}.";
    }

    private static double Quality(IList<MediaTypeHeaderValue> types, string mediaType) =>
        types.Where(t => t.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(t => t.Quality ?? 1).DefaultIfEmpty(0).Max();
}
