using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>
/// Every answer is problem+json, in both hosts: an unexpected exception becomes a 500 without details (the Functions
/// host would otherwise answer with its own bare 500), and a client that went away gets nothing.
/// </summary>
internal static class ApiExceptionGuard
{
    public static async Task RunAsync(HttpContext context, ILogger logger, Func<Task> handle)
    {
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
