using AccountSnapshots.History;
using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Api;

/// <summary>
/// The parsed query of <c>/api/accounts/history</c>: <c>from</c>, <c>to</c>, <c>level</c>, <c>source</c>,
/// <c>asset</c>, <c>clientId</c>, <c>accountId</c>, <c>step</c>, <c>format</c>. Filters may repeat or be
/// comma-separated. Unknown names are ignored (the Functions host adds <c>code</c>); a bad value is a 400 naming it.
/// </summary>
internal sealed record HistoryRequest(HistoryQuery Query, AggregateFormat Format)
{
    /// <summary>The range used when <c>from</c> is not given.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    private const int MaxEchoLength = 40;
    private const int MaxIdLength = 128;
    private const int MaxValuesPerFilter = 1000;

    /// <summary>Parses the request; on failure <paramref name="problem"/> is the detail of the 400.</summary>
    public static bool TryParse(HttpRequest request, DateTimeOffset now, ApiOptions options, out HistoryRequest? parsed, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        parsed = null;
        var q = request.Query;

        if (!TryGetSingle(q, "format", out var formatText, out problem) || !TryFormat(request, formatText, out var format, out problem))
        {
            return false;
        }

        if (!TryRange(q, now, options, out var from, out var to, out problem))
        {
            return false;
        }

        if (!TryGetSingle(q, "level", out var levelText, out problem))
        {
            return false;
        }

        var level = HistoryLevel.Total;
        if (levelText is not null)
        {
            HistoryLevel? known = levelText.ToUpperInvariant() switch
            {
                "TOTAL" => HistoryLevel.Total,
                "CLIENT" => HistoryLevel.Client,
                "ACCOUNT" => HistoryLevel.Account,
                _ => null,
            };
            if (known is null)
            {
                problem = Invalid("level", levelText, "total, client, account");
                return false;
            }

            level = known.Value;
        }

        if (!TryGetSingle(q, "step", out var stepText, out problem))
        {
            return false;
        }

        HistoryStep? step = null;
        if (stepText is not null && !HistoryStep.TryParse(stepText, out step))
        {
            problem = Invalid("step", stepText, HistoryStep.AllowedForms);
            return false;
        }

        if (!TryList(q, "source", out var sourceTexts, out problem))
        {
            return false;
        }

        var sources = new List<string>();
        foreach (var text in sourceTexts)
        {
            var source = SourceNames.All.FirstOrDefault(s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase));
            if (source is null)
            {
                problem = Invalid("source", text, string.Join(", ", SourceNames.All));
                return false;
            }

            sources.Add(source);
        }

        if (!TryList(q, "asset", out var assets, out problem)
            || !TryList(q, "clientId", out var clientIds, out problem)
            || !TryList(q, "accountId", out var accountIds, out problem))
        {
            return false;
        }

        var badAsset = assets.FirstOrDefault(a => a.Length > 32 || !a.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        if (badAsset is not null)
        {
            problem = Invalid("asset", badAsset, "asset codes of 1 to 32 letters, digits, '.', '_' or '-' (e.g. USDC, USD, BTC)");
            return false;
        }

        foreach (var (name, values) in new[] { ("clientId", clientIds), ("accountId", accountIds) })
        {
            var bad = values.FirstOrDefault(v => v.Length > MaxIdLength || v.Any(char.IsControl));
            if (bad is not null)
            {
                problem = Invalid(name, bad, $"ids of 1 to {MaxIdLength} characters without control characters");
                return false;
            }
        }

        parsed = new HistoryRequest(
            new HistoryQuery
            {
                From = from,
                To = to,
                Level = level,
                Step = step,
                Sources = [.. sources.Distinct(StringComparer.Ordinal)],
                Assets = [.. assets.Distinct(StringComparer.OrdinalIgnoreCase)],
                ClientIds = [.. clientIds.Distinct(StringComparer.Ordinal)],
                AccountIds = [.. accountIds.Distinct(StringComparer.Ordinal)],
            },
            format);
        return true;
    }

    /// <summary><c>from</c> and <c>to</c> in any time form, defaults and <c>Api:MaxHistoryDays</c> (shared by the routes over the history).</summary>
    internal static bool TryRange(IQueryCollection q, DateTimeOffset now, ApiOptions options, out DateTimeOffset from, out DateTimeOffset to, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(options);
        from = default;
        to = now;
        if (!TryGetSingle(q, "to", out var toText, out problem) || !TryGetSingle(q, "from", out var fromText, out problem))
        {
            return false;
        }

        if (toText is not null && !HistoryTimeParser.TryParse(toText, out to))
        {
            problem = Invalid("to", toText, HistoryTimeParser.AllowedForms);
            return false;
        }

        from = to - DefaultRange;
        if (fromText is not null && !HistoryTimeParser.TryParse(fromText, out from))
        {
            problem = Invalid("from", fromText, HistoryTimeParser.AllowedForms);
            return false;
        }

        if (from >= to)
        {
            problem = "Query parameter 'from' must be before 'to' (the range is [from, to)).";
            return false;
        }

        if (to - from > TimeSpan.FromDays(options.MaxHistoryDays))
        {
            problem = $"The range from 'from' to 'to' is longer than Api:MaxHistoryDays ({options.MaxHistoryDays} days); ask for a shorter range, or raise Api:MaxHistoryDays.";
            return false;
        }

        return true;
    }

    /// <summary>The format from <c>format</c>, else from <c>Accept</c> (as on <c>latest</c>).</summary>
    internal static bool TryFormat(HttpRequest request, string? text, out AggregateFormat format, out string? problem)
    {
        problem = null;
        format = AggregateFormat.Json;
        if (text is null)
        {
            // The latest endpoint's own negotiation: an Accept preferring text/csv selects CSV.
            format = AggregateQuery.AcceptsCsv(request) ? AggregateFormat.Csv : AggregateFormat.Json;
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

    internal static bool TryGetSingle(IQueryCollection query, string name, out string? value, out string? problem)
    {
        problem = null;
        value = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        var first = values[0] ?? "";
        if (values.Skip(1).Any(v => !string.Equals(v, first, StringComparison.Ordinal)))
        {
            problem = $"Query parameter '{name}' was given more than once with different values; give it once.";
            return false;
        }

        value = first;
        return true;
    }

    internal static bool TryList(IQueryCollection query, string name, out List<string> values, out string? problem)
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

    internal static string Invalid(string name, string value, string allowed)
    {
        var shown = value.Length > MaxEchoLength ? string.Concat(value.AsSpan(0, MaxEchoLength), "…") : value;
        return $"Query parameter '{name}' has the unsupported value '{shown}'; allowed: {allowed}.";
    }
}
