using AccountSnapshots.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>What every rows route (changes, events) answers the same way: the store read and the 200 itself.</summary>
internal static class RowsResponse
{
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

    /// <summary>A 200 in the asked format with the given caching; HEAD gets the headers only.</summary>
    public static async Task WriteAsync(
        HttpContext context, AggregateFormat format, string cacheControl, Func<Stream, CancellationToken, Task> writeCsv, Func<Stream, CancellationToken, Task> writeJson)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = AggregateFormatContentTypes.Of(format);
        response.Headers.CacheControl = cacheControl;
        response.Headers.Append(HeaderNames.Vary, "Accept");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await (format == AggregateFormat.Csv ? writeCsv : writeJson)(response.Body, context.RequestAborted);
    }
}
