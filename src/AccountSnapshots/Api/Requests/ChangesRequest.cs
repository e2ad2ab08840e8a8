using System.Globalization;
using AccountSnapshots.Changes;
using AccountSnapshots.Money;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>
/// The parsed query of <c>/api/accounts/changes</c>: the history's <c>from</c>, <c>to</c>, <c>level</c>, filters and
/// <c>format</c> (parsed by <see cref="HistoryRequest"/>, so both routes accept the same), plus <c>minChange</c> and
/// <c>limit</c>. <c>step</c> does not apply and is refused.
/// </summary>
internal sealed record ChangesRequest(ChangesQuery Query, AggregateFormat Format)
{
    public static bool TryParse(HttpRequest request, DateTimeOffset now, ApiOptions options, out ChangesRequest? parsed, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        parsed = null;
        if (!HistoryRequest.TryParse(request, now, options, out var history, out problem))
        {
            return false;
        }

        if (history!.Query.Step is not null)
        {
            problem = "Query parameter 'step' does not apply to changes (they compare two moments); leave it out.";
            return false;
        }

        var q = request.Query;
        if (!QueryParameters.TryGetSingle(q, "minChange", out var minText, out problem)
            || !QueryParameters.TryGetSingle(q, "limit", out var limitText, out problem))
        {
            return false;
        }

        string? minChange = null;
        if (minText is not null)
        {
            if (minText.Length > 64 || minText.StartsWith('-') || !ExactDecimal.TryNormalize(minText.AsSpan(), out var normalized) || minText.Contains('e', StringComparison.OrdinalIgnoreCase))
            {
                problem = QueryParameters.Invalid("minChange", minText, "a plain decimal of 0 or more (e.g. 1000 or 0.5)");
                return false;
            }

            minChange = normalized;
        }

        int? limit = null;
        if (limitText is not null)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = QueryParameters.Invalid("limit", limitText, "a whole number of 1 or more");
                return false;
            }

            limit = value;
        }

        parsed = new ChangesRequest(new ChangesQuery { Filter = history.Query, MinChange = minChange, Limit = limit }, history.Format);
        return true;
    }
}
