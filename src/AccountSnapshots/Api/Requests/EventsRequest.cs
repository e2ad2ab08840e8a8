using AccountSnapshots.Events;
using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>
/// The parsed query of <c>/api/events</c>: <c>from</c>, <c>to</c> (the forms and limits of the history), <c>source</c>,
/// <c>kind</c> (repeated or comma-separated) and <c>format</c>. Unknown names are ignored; a bad value is a 400 naming it.
/// </summary>
internal sealed record EventsRequest(EventQuery Query, AggregateFormat Format)
{
    /// <summary>Parses the request; on failure <paramref name="problem"/> is the detail of the 400.</summary>
    public static bool TryParse(HttpRequest request, DateTimeOffset now, ApiOptions options, out EventsRequest? parsed, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        parsed = null;
        var q = request.Query;
        if (!QueryParameters.TryGetSingle(q, "format", out var formatText, out problem)
            || !QueryParameters.TryFormat(request, formatText, out var format, out problem)
            || !HistoryRequest.TryRange(q, now, options, out var from, out var to, out problem)
            || !QueryParameters.TryList(q, "source", out var sourceTexts, out problem)
            || !QueryParameters.TryList(q, "kind", out var kindTexts, out problem))
        {
            return false;
        }

        if (!QueryParameters.TryKnown("source", sourceTexts, SourceNames.All, out var sources, out problem)
            || !QueryParameters.TryKnown("kind", kindTexts, EventKinds.All, out var kinds, out problem))
        {
            return false;
        }

        parsed = new EventsRequest(new EventQuery { From = from, To = to, Sources = sources, Kinds = kinds }, format);
        return true;
    }
}
