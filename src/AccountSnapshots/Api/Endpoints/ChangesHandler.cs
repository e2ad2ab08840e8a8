using System.Globalization;
using AccountSnapshots.Changes;
using AccountSnapshots.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary><c>GET|HEAD /api/accounts/changes</c>, written once for both hosts; key checks left to the host.</summary>
public sealed class ChangesHandler
{
    private readonly ChangesService _changes;
    private readonly ServingSchedule _serving;
    private readonly IOptions<ApiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal ChangesHandler(ChangesService changes, SnapshotSchedules schedules, IOptions<ApiOptions> options, TimeProvider timeProvider, ILogger<ChangesHandler> logger)
    {
        _changes = changes;
        _serving = new ServingSchedule(schedules, options);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary><c>GET|HEAD /api/accounts/changes</c>: a JSON root array or CSV of the series that moved.</summary>
    public Task HandleChangesAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () => HandleCoreAsync(context));

    private async Task HandleCoreAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _timeProvider.GetUtcNow();
        var options = _options.Value;
        if (!ChangesRequest.TryParse(context.Request, now, options, out var request, out var problem))
        {
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", problem);
            return;
        }

        if (await RowsResponse.ReadAsync(context, "Changes unavailable", () => _changes.ReadAsync(request!.Query, options.MaxHistoryDays, context.RequestAborted)) is not { } rows)
        {
            return;
        }

        if (rows.Count > options.MaxHistoryRows)
        {
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"The query gives {rows.Count} rows, more than Api:MaxHistoryRows ({options.MaxHistoryRows}); add limit, minChange or filters (source, asset, clientId, accountId).");
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Too many rows", detail);
            return;
        }

        await RowsResponse.WriteAsync(
            context,
            request!.Format,
            request!.Query.Filter.To,
            now,
            _serving.CacheControl(now),
            async (body, ct) => await body.WriteAsync(ChangesWriter.WriteCsv(rows), ct),
            (body, ct) => ChangesWriter.WriteJsonAsync(body, rows, ct));
    }
}
