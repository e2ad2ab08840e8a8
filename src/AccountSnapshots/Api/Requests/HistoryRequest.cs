using AccountSnapshots.History;
using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Http;

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

    private const int MaxIdLength = 128;

    /// <summary>Parses the request; on failure <paramref name="problem"/> is the detail of the 400.</summary>
    public static bool TryParse(HttpRequest request, DateTimeOffset now, ApiOptions options, out HistoryRequest? parsed, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        parsed = null;
        var q = request.Query;

        if (!QueryParameters.TryGetSingle(q, "format", out var formatText, out problem) || !QueryParameters.TryFormat(request, formatText, out var format, out problem))
        {
            return false;
        }

        if (!TryRange(q, now, options, out var from, out var to, out problem))
        {
            return false;
        }

        if (!QueryParameters.TryGetSingle(q, "level", out var levelText, out problem))
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
                problem = QueryParameters.Invalid("level", levelText, "total, client, account");
                return false;
            }

            level = known.Value;
        }

        if (!QueryParameters.TryGetSingle(q, "step", out var stepText, out problem))
        {
            return false;
        }

        HistoryStep? step = null;
        if (stepText is not null && !HistoryStep.TryParse(stepText, out step))
        {
            problem = QueryParameters.Invalid("step", stepText, HistoryStep.AllowedForms);
            return false;
        }

        if (!QueryParameters.TryList(q, "source", out var sourceTexts, out problem)
            || !QueryParameters.TryKnown("source", sourceTexts, SourceNames.All, out var sources, out problem)
            || !QueryParameters.TryList(q, "asset", out var assets, out problem)
            || !QueryParameters.TryList(q, "clientId", out var clientIds, out problem)
            || !QueryParameters.TryList(q, "accountId", out var accountIds, out problem))
        {
            return false;
        }

        var badAsset = assets.FirstOrDefault(a => !QueryParameters.IsAssetCode(a));
        if (badAsset is not null)
        {
            problem = QueryParameters.Invalid("asset", badAsset, $"asset codes of 1 to {QueryParameters.MaxAssetLength} letters, digits, '.', '_' or '-' (e.g. USDC, USD, BTC)");
            return false;
        }

        foreach (var (name, values) in new[] { ("clientId", clientIds), ("accountId", accountIds) })
        {
            var bad = values.FirstOrDefault(v => v.Length > MaxIdLength || v.Any(char.IsControl));
            if (bad is not null)
            {
                problem = QueryParameters.Invalid(name, bad, $"ids of 1 to {MaxIdLength} characters without control characters");
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
                Sources = sources,
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
        if (!QueryParameters.TryGetSingle(q, "to", out var toText, out problem) || !QueryParameters.TryGetSingle(q, "from", out var fromText, out problem))
        {
            return false;
        }

        if (toText is not null && !HistoryTimeParser.TryParse(toText, out to))
        {
            problem = QueryParameters.Invalid("to", toText, HistoryTimeParser.AllowedForms);
            return false;
        }

        from = to - DefaultRange;
        if (fromText is not null && !HistoryTimeParser.TryParse(fromText, out from))
        {
            problem = QueryParameters.Invalid("from", fromText, HistoryTimeParser.AllowedForms);
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
}
