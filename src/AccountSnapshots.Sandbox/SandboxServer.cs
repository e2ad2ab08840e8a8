using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// Loopback stand-ins for Conduit (<c>GET /clients/accounts</c> at the root) and 3Commas
/// (<c>GET /public/api/ver1/accounts</c>) on one Kestrel port, with the real auth checks, paging rules, generated
/// data, an <c>x-correlation-id</c> on every response, a request log and runtime fault injection.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private const string ConduitPath = "/clients/accounts";
    private const string ThreeCommasPath = "/public/api/ver1/accounts";

    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private long _correlation;

    private SandboxServer(WebApplication app, SandboxOptions options, Uri baseUrl)
    {
        _app = app;
        _options = options;
        BaseUrl = baseUrl;
        var timeline = options.MovesWithTime ? new SandboxTimeline(options.Seed) : null;
        Conduit = new SandboxConduitApi(options.Seed, options.ConduitClients, timeline);
        ThreeCommas = new SandboxThreeCommasApi(options.Seed, options.ThreeCommasAccounts, timeline);
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Conduit base URL (the server root).</summary>
    public Uri ConduitBaseUrl => new(BaseUrl.GetLeftPart(UriPartial.Authority));

    /// <summary>3Commas base URL (<c>/public/api</c> on the same port).</summary>
    public Uri ThreeCommasBaseUrl => new(BaseUrl.GetLeftPart(UriPartial.Authority) + "/public/api");

    /// <summary>The credentials the stand-ins accept.</summary>
    public SandboxCredentials Credentials => _options.Credentials;

    /// <summary>
    /// The product's settings that point both clients at this sandbox with its credentials (<c>Conduit:BaseUrl</c>,
    /// <c>ThreeCommas:BaseUrl</c>, <c>ThreeCommas:RequestsPerMinute</c>, <c>Secrets:*</c>): one place for the demo and the tests.
    /// </summary>
    public Dictionary<string, string?> ClientSettings() => new()
    {
        ["Conduit:BaseUrl"] = ConduitBaseUrl.ToString(),
        ["ThreeCommas:BaseUrl"] = ThreeCommasBaseUrl.ToString(),

        // The stand-in has no request limit, so the product's pacing towards 3Commas (30 a minute) would only slow
        // the demo's backfill and the tests; 0 is accepted for a loopback base URL only.
        ["ThreeCommas:RequestsPerMinute"] = "0",
        ["Secrets:ConduitApiKey"] = Credentials.ConduitApiKey,
        ["Secrets:ConduitApiSecret"] = Credentials.ConduitApiSecret,
        ["Secrets:ThreeCommasApiKey"] = Credentials.ThreeCommasApiKey,
        ["Secrets:ThreeCommasApiSecret"] = Credentials.ThreeCommasApiSecret,
    };

    /// <summary>Conduit state: faults, request log, data.</summary>
    public SandboxConduitApi Conduit { get; }

    /// <summary>3Commas state: faults, request log, data.</summary>
    public SandboxThreeCommasApi ThreeCommas { get; }

    /// <summary>Starts the stand-ins and enqueues the faults named in <paramref name="options"/>.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var faults = options.Faults.Select(SandboxFault.Parse).ToList();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        var app = builder.Build();
        SandboxServer? server = null;
        app.Use((context, next) => server!.HandleAsync(context, next));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new SandboxServer(app, options, new Uri(address.TrimEnd('/') + "/"));
        foreach (var fault in faults)
        {
            (fault.Api == SandboxFault.ThreeCommasApi ? server.ThreeCommas.Faults : server.Conduit.Faults).Enqueue(fault);
        }

        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["x-correlation-id"] = "sbx-" + Interlocked.Increment(ref _correlation).ToString("D8", CultureInfo.InvariantCulture);
        SandboxApi? api = (context.Request.Path.Value ?? "") switch
        {
            ConduitPath => Conduit,
            ThreeCommasPath => ThreeCommas,
            _ => null,
        };
        if (api is null || !HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }

        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var record = api.Record(target, _options.TimeProvider.GetUtcNow());
        record.ModeHeader = context.Request.Headers.TryGetValue(api.ModeHeaderName, out var mode) ? mode.ToString() : null;
        try
        {
            var fault = api.Faults.Take();
            record.Fault = fault?.Kind;
            if (fault is null || !await SandboxFaultResponder.ApplyAsync(context, api, fault, _options.TimeProvider))
            {
                await api.ServeAsync(context, target, record.Time, _options);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout); nothing to answer.
        }
        finally
        {
            record.StatusCode = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 0 : context.Response.StatusCode;
        }
    }
}
