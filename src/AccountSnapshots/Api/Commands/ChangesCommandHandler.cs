using AccountSnapshots.Changes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api.Commands;

/// <summary>The rows of <c>GET /api/accounts/changes</c> for a host's own command, parsed and written as the route does.</summary>
public sealed class ChangesCommandHandler(ChangesService changes, IOptions<ApiOptions> options, TimeProvider timeProvider)
{
    /// <summary>Reads the rows <paramref name="query"/>'s parameters select, or the route's 400 message.</summary>
    public async Task<CommandRows<ChangeRow>> ReadAsync(HttpRequest query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!ChangesRequest.TryParse(query, timeProvider.GetUtcNow(), settings, out var request, out var problem))
        {
            return new CommandRows<ChangeRow>([], problem);
        }

        return new CommandRows<ChangeRow>(await changes.ReadAsync(request!.Query, settings.MaxHistoryDays, cancellationToken), null);
    }

    /// <summary>Writes the rows as the route's JSON.</summary>
    public static Task WriteJsonAsync(Stream output, IReadOnlyList<ChangeRow> rows, CancellationToken cancellationToken) =>
        ChangesWriter.WriteJsonAsync(output, rows, cancellationToken);

    /// <summary>The rows as the route's CSV.</summary>
    public static byte[] WriteCsv(IReadOnlyList<ChangeRow> rows) => ChangesWriter.WriteCsv(rows);
}
