using AccountSnapshots.Events;
using AccountSnapshots.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>
/// <c>GET|HEAD /api/events</c>, written once for both hosts: the whole response, key checks left to the host. Cached
/// long only once every event in the range has ended over an hour ago: an open event may close, and staleness grows
/// with time, whatever the range.
/// </summary>
public sealed class EventsHandler
{
    private readonly EventsService _events;
    private readonly ServingSchedule _serving;
    private readonly IOptions<ApiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal EventsHandler(EventsService events, SnapshotSchedules schedules, IOptions<ApiOptions> options, TimeProvider timeProvider, ILogger<EventsHandler> logger)
    {
        _events = events;
        _serving = new ServingSchedule(schedules, options);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary><c>GET|HEAD /api/events</c>: a JSON root array or CSV of the events overlapping [from, to).</summary>
    public Task HandleEventsAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () => HandleCoreAsync(context));

    private async Task HandleCoreAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _timeProvider.GetUtcNow();
        if (!EventsRequest.TryParse(context.Request, now, _options.Value, out var request, out var problem))
        {
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", problem);
            return;
        }

        if (await RowsResponse.ReadAsync(context, "Events unavailable", () => _events.ReadAsync(request!.Query, context.RequestAborted)) is not { } rows)
        {
            return;
        }

        await RowsResponse.WriteAsync(
            context,
            request!.Format,
            SettlesAt(request!.Query.To, rows, now),
            now,
            _serving.CacheControl(now),
            async (body, ct) => await body.WriteAsync(EventsCsvWriter.Write(rows), ct),
            (body, ct) => EventsJsonWriter.WriteAsync(body, rows, ct));
    }

    // The rows can still change until every event in them has ended: an open one (no timeEnd) may close at any time,
    // so only a range whose events all ended gets the settled (long) caching, and only an hour after the last end.
    private static DateTimeOffset SettlesAt(DateTimeOffset to, IReadOnlyList<Events.EventRow> rows, DateTimeOffset now) =>
        rows.Any(r => r.TimeEnd is null) ? now : rows.Select(r => r.TimeEnd!.Value).Append(to).Max();
}
