using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The Application Insights ingestion endpoint on loopback (<c>IngestionEndpoint=http://127.0.0.1:port/</c> in the
/// connection string): accepts what the real SDK in the worker POSTs to <c>/v2/track</c> or <c>/v2.1/track</c>
/// (gzip or plain, newline-delimited JSON envelopes), answers as the service does, and keeps every envelope and
/// every request body as received. Anything else sent here is kept too, so a test can see it.
/// </summary>
internal sealed class IngestionStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _envelopes = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<string> _otherRequests = new();
    private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Arrived)> _waiters = [];
    private readonly WebApplication _app;

    private IngestionStandIn(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>A fixed instrumentation key: it is no secret, and each envelope carries it as <c>iKey</c>.</summary>
    public string InstrumentationKey { get; } = Guid.NewGuid().ToString();

    public string ConnectionString =>
        $"InstrumentationKey={InstrumentationKey};IngestionEndpoint={Endpoint};LiveEndpoint={Endpoint}";

    public IReadOnlyList<JsonElement> Envelopes => [.. _envelopes];

    /// <summary>Every track request body, decompressed, exactly as sent.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    public IReadOnlyList<string> OtherRequests => [.. _otherRequests];

    public static async Task<IngestionStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        IngestionStandIn? standIn = null;
        app.Run(context => standIn!.HandleAsync(context));
        await app.StartAsync(cancellationToken);
        standIn = new IngestionStandIn(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        return standIn;
    }

    /// <summary>The <c>customDimensions</c> (<c>baseData.properties</c>) of every trace envelope of a logged event.</summary>
    public IReadOnlyList<JsonElement> EventTraces(string eventName) =>
        [.. BaseData("Message")
            .Where(d => d.TryGetProperty("properties", out var p) && p.TryGetProperty("EventName", out var name) && name.GetString() == eventName)
            .Select(d => d.GetProperty("properties"))];

    /// <summary>The <c>data.baseData</c> of every envelope of a telemetry type (e.g. <c>Message</c> for traces).</summary>
    public IReadOnlyList<JsonElement> BaseData(string baseType) =>
        [.. Envelopes
            .Where(e => e.TryGetProperty("data", out var data) && data.TryGetProperty("baseType", out var type) && type.GetString() == $"{baseType}Data")
            .Select(e => e.GetProperty("data").GetProperty("baseData"))];

    /// <summary>
    /// The first envelope (already received or still to come) that matches: the SDK sends on its own threads, so a
    /// test waits for the item it needs instead of for a while.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        var arrived = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_envelopes.FirstOrDefault(match) is { ValueKind: not JsonValueKind.Undefined } found)
            {
                return found;
            }

            _waiters.Add((match, arrived));
        }

        try
        {
            return await arrived.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            var names = string.Join(", ", _envelopes.Select(e => e.TryGetProperty("name", out var n) ? n.GetString() : "?").GroupBy(n => n).Select(g => $"{g.Key} x{g.Count()}"));
            throw new TimeoutException(
                $"No envelope with {what} reached the ingestion stand-in within {timeout.TotalSeconds} s ({_envelopes.Count} envelopes arrived: {names}; other requests: {string.Join(", ", _otherRequests)}).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(context.Request.Method) || path is not ("/v2/track" or "/v2.1/track"))
        {
            _otherRequests.Enqueue($"{context.Request.Method} {path}{context.Request.QueryString}");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        buffer.Position = 0;
        string text;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }
        else
        {
            text = Encoding.UTF8.GetString(buffer.ToArray());
        }

        _bodies.Enqueue(text);
        var received = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var document = JsonDocument.Parse(line);
            var envelope = document.RootElement.Clone();
            lock (_waiters)
            {
                _envelopes.Enqueue(envelope);
                foreach (var waiter in _waiters.Where(w => w.Match(envelope)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Arrived.TrySetResult(envelope);
                }
            }

            received++;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"itemsReceived\":{received},\"itemsAccepted\":{received},\"errors\":[]}}", context.RequestAborted);
    }
}
