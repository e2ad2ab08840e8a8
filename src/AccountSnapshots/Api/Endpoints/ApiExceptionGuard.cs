using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// What every endpoint runs inside, in both hosts: every answer says <c>X-Content-Type-Options: nosniff</c> (a browser
/// must never sniff CSV or JSON into HTML and run it), and an unexpected exception becomes a problem+json 500 without
/// details (the Functions host would otherwise answer with its own bare 500); a client that went away gets nothing.
/// </summary>
internal static class ApiExceptionGuard
{
    public static async Task RunAsync(HttpContext context, ILogger logger, Func<Task> handle)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        try
        {
            await handle();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ApiLog.UnhandledException(logger, context.Request.Method, context.Request.Path.Value ?? "", ex);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            // Keep the CORS answer already given, so a browser client can read the 500 too.
            var headers = context.Response.Headers;
            var corsHeaders = headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(h.Key, HeaderNames.Vary, StringComparison.OrdinalIgnoreCase))
                .ToList();
            context.Response.Clear();
            foreach (var (name, value) in corsHeaders)
            {
                context.Response.Headers[name] = value;
            }

            await ApiProblemWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal server error", null);
        }
    }
}
