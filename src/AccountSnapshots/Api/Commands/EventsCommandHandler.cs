using AccountSnapshots.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api.Commands;

/// <summary>The rows of <c>GET /api/events</c> for a host's own command, parsed and written as the route does.</summary>
public sealed class EventsCommandHandler(EventsService events, IOptions<ApiOptions> options, TimeProvider timeProvider)
{
    /// <summary>Reads the rows <paramref name="query"/>'s parameters select, or the route's 400 message.</summary>
    public async Task<CommandRows<EventRow>> ReadAsync(HttpRequest query, CancellationToken cancellationToken)
    {
        if (!EventsRequest.TryParse(query, timeProvider.GetUtcNow(), options.Value, out var request, out var problem))
        {
            return new CommandRows<EventRow>([], problem);
        }

        return new CommandRows<EventRow>(await events.ReadAsync(request!.Query, cancellationToken), null);
    }

    /// <summary>Writes the rows as the route's JSON.</summary>
    public static Task WriteJsonAsync(Stream output, IReadOnlyList<EventRow> rows, CancellationToken cancellationToken) =>
        EventsJsonWriter.WriteAsync(output, rows, cancellationToken);

    /// <summary>The rows as the route's CSV.</summary>
    public static byte[] WriteCsv(IReadOnlyList<EventRow> rows) => EventsCsvWriter.Write(rows);
}
