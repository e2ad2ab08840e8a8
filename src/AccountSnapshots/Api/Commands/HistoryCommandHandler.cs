using AccountSnapshots.History;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api.Commands;

/// <summary>The rows of <c>GET /api/accounts/history</c> for a host's own command, parsed and limited as the route does.</summary>
public sealed class HistoryCommandHandler(HistoryService history, IOptions<ApiOptions> options, TimeProvider timeProvider)
{
    /// <summary>
    /// Renders the rows <paramref name="query"/>'s parameters select with <paramref name="write"/> before anything is
    /// printed, so over <c>Api:MaxHistoryRows</c> the caller can print only the error.
    /// </summary>
    public async Task<HistoryCommandOutput> RenderAsync(
        HttpRequest query,
        Func<Stream, IAsyncEnumerable<HistoryRow>, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!HistoryRequest.TryParse(query, timeProvider.GetUtcNow(), settings, out var request, out var problem))
        {
            return new HistoryCommandOutput(null, problem, settings.MaxHistoryRows);
        }

        var spool = await HistorySpool.RenderAsync(history, request!.Query, settings.MaxHistoryRows, write, cancellationToken);
        return new HistoryCommandOutput(spool, null, settings.MaxHistoryRows);
    }

    /// <summary>Writes the rows as the route's JSON.</summary>
    public static Task WriteJsonAsync(Stream output, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken) =>
        HistoryJsonWriter.WriteAsync(output, rows, cancellationToken);

    /// <summary>Writes the rows as the route's CSV.</summary>
    public static Task WriteCsvAsync(Stream output, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken) =>
        HistoryCsvWriter.WriteAsync(output, rows, cancellationToken);
}
