using System.Text.Json;
using AccountSnapshots.Serialization;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>Writes <c>application/problem+json</c> responses (RFC 9457).</summary>
internal static class ApiProblemWriter
{
    /// <summary>The 503 every endpoint answers when the snapshot store cannot be read: the store is at fault, not the client.</summary>
    public static Task WriteStoreUnavailableAsync(HttpContext context, string title)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "5";
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, title, "The snapshot store could not be read. Try again shortly.");
    }

    /// <summary>Writes a whole problem response, replacing anything set before (unless the response has started).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        var problem = new ApiProblem(TypeFor(status), title, status, detail);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(problem, AccountSnapshotsJsonContext.Default.ApiProblem);
        response.StatusCode = status;
        response.Headers.ContentType = "application/problem+json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ETag = default;
        response.Headers.LastModified = default;
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#name-400-bad-request",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#name-401-unauthorized",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#name-404-not-found",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#name-405-method-not-allowed",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#name-500-internal-server-error",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#name-503-service-unavailable",
        _ => "about:blank",
    };
}
