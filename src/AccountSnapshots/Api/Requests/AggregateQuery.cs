using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>
/// The parsed query of <c>/api/accounts/latest</c>. Unknown parameter names are ignored (the Functions host adds
/// <c>code</c>); an unknown value is a client error answered with 400 naming the parameter and its allowed values.
/// </summary>
internal sealed record AggregateQuery(AggregateFormat Format, string? Source, string? Asset, bool AlertsOnly)
{
    /// <summary>True when the document must be filtered (and so re-serialized).</summary>
    public bool HasFilter => Source is not null || Asset is not null || AlertsOnly;

    /// <summary>Parses the request; on failure <paramref name="problem"/> is the detail of the 400.</summary>
    public static bool TryParse(HttpRequest request, out AggregateQuery query, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        query = new AggregateQuery(AggregateFormat.Json, null, null, false);
        var q = request.Query;

        if (!QueryParameters.TryGetSingle(q, "format", out var formatText, out problem)
            || !QueryParameters.TryFormat(request, formatText, out var format, out problem)
            || !QueryParameters.TryGetSingle(q, "source", out var sourceText, out problem))
        {
            return false;
        }

        string? source = null;
        if (sourceText is not null)
        {
            source = SourceNames.All.FirstOrDefault(s => string.Equals(s, sourceText, StringComparison.OrdinalIgnoreCase));
            if (source is null)
            {
                problem = QueryParameters.Invalid("source", sourceText, string.Join(", ", SourceNames.All));
                return false;
            }
        }

        if (!QueryParameters.TryGetSingle(q, "asset", out var asset, out problem))
        {
            return false;
        }

        if (asset is not null && !QueryParameters.IsAssetCode(asset))
        {
            problem = QueryParameters.Invalid("asset", asset, $"an asset code of 1 to {QueryParameters.MaxAssetLength} letters, digits, '.', '_' or '-' (e.g. USDC, USD, BTC)");
            return false;
        }

        if (!QueryParameters.TryGetSingle(q, "alertsOnly", out var alertsText, out problem))
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
                problem = QueryParameters.Invalid("alertsOnly", alertsText, "true, false");
                return false;
            }
        }

        query = new AggregateQuery(format, source, asset, alertsOnly);
        return true;
    }
}
