using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// Plays one injected fault (<see cref="SandboxFaultKind"/>) on a request; what differs between the two APIs (error
/// bodies, the start of a body) comes from the <see cref="SandboxApi"/> itself.
/// </summary>
internal static class SandboxFaultResponder
{
    /// <summary>Applies <paramref name="fault"/>; true when it produced the whole response.</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, SandboxApi api, SandboxFault fault, TimeProvider timeProvider)
    {
        switch (fault.Kind)
        {
            case SandboxFaultKind.Slow:
                await Task.Delay(fault.Delay, timeProvider, context.RequestAborted);
                return false;
            case SandboxFaultKind.Reset:
                context.Abort();
                return true;
            case SandboxFaultKind.Html:
                await SandboxHttp.WriteTextAsync(context, 200, "text/html; charset=utf-8", SandboxHttp.MaintenancePage);
                return true;
            case SandboxFaultKind.Malformed:
                await SandboxHttp.WriteTextAsync(context, 200, "application/json", api.MalformedBody);
                return true;
            case SandboxFaultKind.Body:
                foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.Headers[name] = value;
                }

                await SandboxHttp.WriteTextAsync(context, fault.StatusCode, fault.ContentType, fault.Body ?? "");
                return true;
            case SandboxFaultKind.Cut:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 4096;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(api.BodyStart), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);

                // Flushing hands the bytes to the transport, not the socket: give them time to leave before the drop.
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, context.RequestAborted);
                context.Abort();
                return true;
            case SandboxFaultKind.Truncated:
                var whole = new ArrayBufferWriter<byte>();
                await using (var writer = new Utf8JsonWriter(whole))
                {
                    await api.WriteWholeAsync(writer, context.Request.Query, timeProvider.GetUtcNow(), context.RequestAborted);
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                var half = whole.WrittenMemory[..Math.Max(1, whole.WrittenCount / 2)];
                context.Response.ContentLength = half.Length;
                await context.Response.Body.WriteAsync(half, context.RequestAborted);
                return true;
            default:
                if (fault.StatusCode == 429 && fault.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfterAsDate
                        ? (timeProvider.GetUtcNow() + retryAfter).ToString("R", CultureInfo.InvariantCulture)
                        : ((long)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await SandboxHttp.WriteTextAsync(context, fault.StatusCode, "application/json", api.ErrorBody(fault.StatusCode));
                return true;
        }
    }
}
