using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// The dashboard endpoints, written once for both hosts: each method writes the whole response (status, headers,
/// body), so the Functions app calls it and returns an empty result, and the CLI maps it on Kestrel. Key checks are
/// the host's job (the Functions platform, or the CLI's endpoint mapping).
/// </summary>
public sealed class AccountsApiHandler
{
    private readonly AggregateCache _cache;
    private readonly AccountsHistoryHandler _history;
    private readonly ServingSchedule _serving;
    private readonly IOptions<ApiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AggregateRenderingCache _renderings = new();

    internal AccountsApiHandler(AggregateCache cache, AccountsHistoryHandler history, SnapshotSchedules schedules, IOptions<ApiOptions> options, TimeProvider timeProvider, ILogger<AccountsApiHandler> logger)
    {
        _cache = cache;
        _history = history;
        _serving = new ServingSchedule(schedules, options);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// <c>GET|HEAD /api/accounts/latest</c>: the aggregate as stored (or filtered, or as CSV) with a strong ETag,
    /// Last-Modified and <c>Cache-Control: private, no-cache</c> (or, with <c>Api:MaxAgeSeconds</c> above 0, a max-age
    /// that ends at the next scheduled snapshot); 304 on a matching If-None-Match.
    /// </summary>
    public Task HandleLatestAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () => HandleLatestCoreAsync(context));

    /// <summary>Renderings kept for the aggregate version being served (tests check they are reused).</summary>
    internal int CachedRenderings => _renderings.Count;

    /// <summary><c>GET|HEAD /api/health</c>: per source status and age in seconds only (no balances, no names).</summary>
    public Task HandleHealthAsync(HttpContext context) => ApiExceptionGuard.RunAsync(context, _logger, () => HandleHealthCoreAsync(context));


    private async Task HandleLatestCoreAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AggregateQuery.TryParse(context.Request, out var query, out var problem))
        {
            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", problem);
            return;
        }

        if (context.Request.Query.ContainsKey("at"))
        {
            await _history.HandleLatestAtAsync(context, query);
            return;
        }

        if (await GetSnapshotAsync(context) is not { } snapshot)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var served = _serving.WithOverdueSources(snapshot.Document, now);
        var statuses = ReferenceEquals(served, snapshot.Document) ? "" : string.Join(',', served.Sources.Select(s => s.Status));
        var rendering = _renderings.GetOrAdd(snapshot, new AggregateRenderingKey(query, statuses), () => Render(snapshot, served, query));
        var body = rendering.Select(AcceptEncoding.Choose(context.Request.Headers.AcceptEncoding));

        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = body.ETag;
        headers.LastModified = snapshot.LastModifiedHeader;
        headers.CacheControl = _serving.CacheControl(now);
        headers.Append(HeaderNames.Vary, "Accept, Accept-Encoding"); // Kept beside a CORS "Vary: Origin".

        // A validator of any representation of the same rendering means the client holds these very bytes.
        if (rendering.IsNotModified(context.Request.Headers.IfNoneMatch))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        headers.ContentType = AggregateFormatContentTypes.Of(query.Format);
        if (body.ContentEncoding is not null)
        {
            headers.ContentEncoding = body.ContentEncoding;
        }

        response.ContentLength = body.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body.Content, context.RequestAborted);
        }
    }

    /// <summary>The body for <paramref name="query"/>: the stored bytes themselves when nothing changes them.</summary>
    private static AggregateRendering Render(AggregateSnapshot snapshot, AggregateDocument served, AggregateQuery query)
    {
        var document = AggregateFilter.Apply(served, query);
        if (query.Format == AggregateFormat.Csv)
        {
            var csv = AggregateCsvWriter.Write(document);
            return new AggregateRendering(csv, AggregateSnapshot.ComputeETag(csv));
        }

        if (query.HasFilter || !ReferenceEquals(served, snapshot.Document))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);
            return new AggregateRendering(json, AggregateSnapshot.ComputeETag(json));
        }

        return new AggregateRendering(snapshot.Content, snapshot.ETag);
    }

    private async Task HandleHealthCoreAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await GetSnapshotAsync(context) is not { } snapshot)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var document = _serving.WithOverdueSources(snapshot.Document, now);
        var sources = document.Sources
            .Select(s => new HealthSourceEntry(s.Source, s.Status, s.SnapshotAt is { } at ? Math.Max(0, (long)Math.Floor((now - at).TotalSeconds)) : null))
            .ToList();
        var ok = sources.Count > 0 && sources.All(s => string.Equals(s.Status, SourceStatusValues.Ok, StringComparison.Ordinal));
        var body = JsonSerializer.SerializeToUtf8Bytes(new HealthDocument(ok ? "ok" : "degraded", sources), AccountSnapshotsJsonContext.Default.HealthDocument);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = AggregateFormatContentTypes.Json;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private async Task<AggregateSnapshot?> GetSnapshotAsync(HttpContext context)
    {
        try
        {
            return await _cache.GetAsync(context.RequestAborted);
        }
        catch (AggregateUnavailableException)
        {
            // Logged by the cache; the store is at fault, not the client.
            await ApiProblemWriter.WriteStoreUnavailableAsync(context, "Aggregate unavailable");
            return null;
        }
    }
}
