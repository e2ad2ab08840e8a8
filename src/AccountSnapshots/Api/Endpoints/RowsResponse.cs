using AccountSnapshots.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// What every rows route (history, changes, events) answers the same way: the store read, the validators (a strong
/// ETag with 304 on a match, and caching that depends on whether the range has settled) and the 200 itself.
/// </summary>
internal static class RowsResponse
{
    // A range ending this long ago has every snapshot it will ever have (a run stores its slot within minutes).
    private static readonly TimeSpan s_settledAfter = TimeSpan.FromHours(1);
    private const string SettledCacheControl = "private, max-age=86400";

    /// <summary>The rows, or null after answering 503 problem+json titled <paramref name="title"/> when the store fails.</summary>
    public static async Task<IReadOnlyList<T>?> ReadAsync<T>(HttpContext context, string title, Func<Task<IReadOnlyList<T>>> read)
    {
        try
        {
            return await read();
        }
        catch (SnapshotStoreException)
        {
            await ApiProblemWriter.WriteStoreUnavailableAsync(context, title);
            return null;
        }
    }

    /// <summary>
    /// A 200 in the asked format, or a 304 when the client's copy matches. The body is rendered to memory first so its
    /// ETag and length lead it (HEAD renders it too, for the same headers); the rows themselves are already in memory,
    /// so this about doubles what a request holds (changes are capped by <c>Api:MaxHistoryRows</c>, events by the range).
    /// </summary>
    public static async Task WriteAsync(
        HttpContext context, AggregateFormat format, DateTimeOffset rangeEnd, DateTimeOffset now, string liveCacheControl, Func<Stream, CancellationToken, Task> writeCsv, Func<Stream, CancellationToken, Task> writeJson)
    {
        using var buffer = new MemoryStream();
        await (format == AggregateFormat.Csv ? writeCsv : writeJson)(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!WriteValidators(context, AggregateSnapshot.ComputeETag(body.Span), rangeEnd, now, liveCacheControl))
        {
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = AggregateFormatContentTypes.Of(format);
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>
    /// Writes <c>ETag</c>, <c>Cache-Control</c> (a day once the range ended over an hour ago, else
    /// <paramref name="liveCacheControl"/>) and <c>Vary: Accept</c>; false, with a 304 written, when the client's copy matches.
    /// </summary>
    public static bool WriteValidators(HttpContext context, string eTag, DateTimeOffset rangeEnd, DateTimeOffset now, string liveCacheControl)
    {
        var headers = context.Response.Headers;
        headers.ETag = eTag;
        headers.CacheControl = rangeEnd <= now - s_settledAfter ? SettledCacheControl : liveCacheControl;
        headers.Append(HeaderNames.Vary, "Accept"); // Kept beside a CORS "Vary: Origin".
        if (EntityTagMatcher.IfNoneMatch(context.Request.Headers.IfNoneMatch, eTag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return false;
        }

        return true;
    }
}
