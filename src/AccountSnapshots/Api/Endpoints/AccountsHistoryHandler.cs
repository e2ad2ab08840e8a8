using System.Globalization;
using System.Text.Json;
using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Serialization;
using AccountSnapshots.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>
/// <c>GET|HEAD /api/accounts/history</c> and <c>/api/accounts/latest?at=</c>, written once for both hosts as
/// <see cref="AccountsApiHandler"/> is: the whole response (status, headers, body), key checks left to the host.
/// </summary>
public sealed class AccountsHistoryHandler
{
    private readonly HistoryService _history;
    private readonly ServingSchedule _serving;
    private readonly SnapshotSchedules _schedules;
    private readonly IOptions<ApiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal AccountsHistoryHandler(HistoryService history, SnapshotSchedules schedules, IOptions<ApiOptions> options, TimeProvider timeProvider, ILogger<AccountsHistoryHandler> logger)
    {
        _history = history;
        _serving = new ServingSchedule(schedules, options);
        _schedules = schedules;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// <c>GET|HEAD /api/accounts/history</c>: rows as a JSON root array or CSV, with a strong ETag (304 on a match) that
    /// is known before the body, since the rows are rendered into a spool first (<see cref="HistorySpool"/>).
    /// </summary>
    public Task HandleHistoryAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () => HandleHistoryCoreAsync(context));

    /// <summary><c>/api/accounts/latest?at=</c>: the aggregate as it stood at that moment, with <c>asOf</c>.</summary>
    internal Task HandleLatestAtAsync(HttpContext context, AggregateQuery query) => HandleLatestAtCoreAsync(context, query);

    private async Task HandleHistoryCoreAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _timeProvider.GetUtcNow();
        var options = _options.Value;
        if (!HistoryRequest.TryParse(context.Request, now, options, out var request, out var problem))
        {
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", problem);
            return;
        }

        var csv = request!.Format == AggregateFormat.Csv;
        HistorySpool spool;
        try
        {
            spool = await HistorySpool.RenderAsync(_history, request.Query, options.MaxHistoryRows, csv ? HistoryCsvWriter.WriteAsync : HistoryJsonWriter.WriteAsync, context.RequestAborted);
        }
        catch (SnapshotStoreException)
        {
            await ApiProblemWriter.WriteStoreUnavailableAsync(context, "History unavailable");
            return;
        }

        await using (spool)
        {
            var tally = spool.Tally;
            if (tally.Exceeded)
            {
                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"The query gives {tally.RowCount} rows, more than Api:MaxHistoryRows ({options.MaxHistoryRows}); add a step (e.g. step=1h or step=1d), filters (source, asset, clientId, accountId) or a shorter range.");
                await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Too many rows", detail);
                return;
            }

            var eTag = string.Concat("\"", tally.ETagSeed, csv ? "-csv" : "-json", "\"");
            if (!WriteValidators(context, eTag, request.Query.To, now))
            {
                return;
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.Headers.ContentType = AggregateFormatContentTypes.Of(request.Format);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await spool.CopyToAsync(response.Body, context.RequestAborted);
            }
        }
    }

    private async Task HandleLatestAtCoreAsync(HttpContext context, AggregateQuery query)
    {
        var values = context.Request.Query["at"];
        var text = values.Count == 1 ? values[0] : null;
        if (!HistoryTimeParser.TryParse(text, out var at))
        {
            var detail = values.Count > 1
                ? "Query parameter 'at' was given more than once; give it once."
                : $"Query parameter 'at' has an unsupported value; allowed: {HistoryTimeParser.AllowedForms}.";
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", detail);
            return;
        }

        Aggregation.AggregateDocument document;
        try
        {
            document = await _history.GetAggregateAtAsync(at, _options.Value.MaxHistoryDays, context.RequestAborted);
        }
        catch (SnapshotStoreException)
        {
            await ApiProblemWriter.WriteStoreUnavailableAsync(context, "History unavailable");
            return;
        }

        // Statuses as they stood at that moment, overdue included: a source whose runs had stopped was stale then.
        document = AggregateFilter.Apply(AggregateOverdue.Apply(document, _schedules, at), query);
        var csv = query.Format == AggregateFormat.Csv;
        var body = csv
            ? AggregateCsvWriter.Write(document)
            : JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);
        var now = _timeProvider.GetUtcNow();
        if (!WriteValidators(context, AggregateSnapshot.ComputeETag(body), at.AddTicks(1), now))
        {
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = AggregateFormatContentTypes.Of(query.Format);
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    // ETag and caching headers; false (and a 304 written) when the client's copy matches.
    private bool WriteValidators(HttpContext context, string eTag, DateTimeOffset rangeEnd, DateTimeOffset now) =>
        RowsResponse.WriteValidators(context, eTag, rangeEnd, now, _serving.CacheControl(now));
}
