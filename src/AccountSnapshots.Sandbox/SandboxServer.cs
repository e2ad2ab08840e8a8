using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
        var path = context.Request.Path.Value ?? "";
        SandboxApi? api = path switch
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
        record.ModeHeader = context.Request.Headers.TryGetValue(api == Conduit ? "Api-Version" : "Forced-Mode", out var mode) ? mode.ToString() : null;
        try
        {
            var fault = api.Faults.Take();
            record.Fault = fault?.Kind;
            if (fault is not null && await ApplyFaultAsync(context, api, fault))
            {
                return;
            }

            if (api == Conduit && _options.MovesWithTime && SandboxTimeline.ConduitDown(record.Time))
            {
                // The timeline's weekly failed slot: a 200 that is not JSON, which a client must refuse, not retry.
                await WriteTextAsync(context, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>");
                return;
            }

            if (api == Conduit)
            {
                await ServeConduitAsync(context);
            }
            else
            {
                await ServeThreeCommasAsync(context, target);
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

    /// <summary>Applies a fault; returns true when it produced the whole response.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, SandboxApi api, SandboxFault fault)
    {
        var isConduit = api == Conduit;
        switch (fault.Kind)
        {
            case SandboxFaultKind.Slow:
                await Task.Delay(fault.Delay, _options.TimeProvider, context.RequestAborted);
                return false;
            case SandboxFaultKind.Reset:
                context.Abort();
                return true;
            case SandboxFaultKind.Html:
                await WriteTextAsync(context, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>");
                return true;
            case SandboxFaultKind.Malformed:
                await WriteTextAsync(context, 200, "application/json", isConduit ? "{\"data\":[{\"id\":\"client_x\",,]}" : "[{\"id\":1,\"usd_amount\":}]");
                return true;
            case SandboxFaultKind.Body:
                foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.Headers[name] = value;
                }

                await WriteTextAsync(context, fault.StatusCode, fault.ContentType, fault.Body ?? "");
                return true;
            case SandboxFaultKind.Cut:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 4096;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(isConduit ? "{\"data\":[" : "["), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);

                // Flushing hands the bytes to the transport, not the socket: give them time to leave before the drop.
                await Task.Delay(TimeSpan.FromMilliseconds(100), _options.TimeProvider, context.RequestAborted);
                context.Abort();
                return true;
            case SandboxFaultKind.Truncated:
                var whole = new ArrayBufferWriter<byte>();
                await using (var writer = new Utf8JsonWriter(whole))
                {
                    if (isConduit)
                    {
                        await Conduit.WriteAccountsAsync(writer, _options.TimeProvider.GetUtcNow(), static _ => ValueTask.CompletedTask, context.RequestAborted);
                    }
                    else
                    {
                        var (page, perPage) = ParsePaging(context.Request.Query);
                        ThreeCommas.WritePage(writer, page ?? 1, perPage ?? 100, _options.TimeProvider.GetUtcNow());
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                var half = whole.WrittenMemory[..Math.Max(1, whole.WrittenCount / 2)];
                context.Response.ContentLength = half.Length;
                await context.Response.Body.WriteAsync(half, context.RequestAborted);
                return true;
            default:
                await WriteErrorStatusAsync(context, isConduit, fault);
                return true;
        }
    }

    private async Task WriteErrorStatusAsync(HttpContext context, bool isConduit, SandboxFault fault)
    {
        var status = fault.StatusCode;
        if (status == 429 && fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfterAsDate
                ? (_options.TimeProvider.GetUtcNow() + retryAfter).ToString("R", CultureInfo.InvariantCulture)
                : ((long)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        string body;
        if (isConduit)
        {
            var code = status switch
            {
                401 => "API_KEY_INVALID",
                403 => "API_KEY_FORBIDDEN",
                429 => "RATE_LIMITED",
                >= 500 => "INTERNAL_ERROR",
                _ => "ERROR",
            };
            body = $"{{\"errors\":[{{\"code\":\"{code}\",\"detail\":\"Sandbox fault {status}\"}}]}}";
        }
        else
        {
            body = status switch
            {
                401 => "{\"error\":\"signature_invalid\",\"error_description\":\"Provided signature is invalid\"}",
                403 => "{\"error\":\"access_denied\",\"error_description\":\"Forbidden. Not enough permissions (ACCOUNTS_READ).\"}",
                418 => "{\"error\":\"ip_banned\",\"error_description\":\"Your IP is banned for repeated rate limit violations\"}",
                429 => "{\"error\":\"rate_limit_exceeded\",\"error_description\":\"Too many requests\"}",
                502 => "{\"error\":{\"status_code\":502}}",
                _ => $"{{\"error\":\"unknown_error\",\"error_description\":\"Sandbox fault {status}\"}}",
            };
        }

        await WriteTextAsync(context, status, "application/json", body);
    }

    private async Task ServeConduitAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (!FixedEquals(headers["X-API-Key"].ToString(), Credentials.ConduitApiKey)
            || !FixedEquals(headers["X-API-Secret"].ToString(), Credentials.ConduitApiSecret))
        {
            await WriteTextAsync(context, 401, "application/json", "{\"errors\":[{\"code\":\"API_KEY_INVALID\",\"detail\":\"The API key or secret is missing or invalid\"}]}");
            return;
        }

        if (headers.TryGetValue("Api-Version", out var version) && version.ToString() != "2024-12-01")
        {
            await WriteTextAsync(context, 400, "application/json", "{\"errors\":[{\"code\":\"API_VERSION_INVALID\",\"detail\":\"Unsupported Api-Version\"}]}");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var bodyWriter = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(bodyWriter);
        await Conduit.WriteAccountsAsync(writer, _options.TimeProvider.GetUtcNow(), async cancellationToken => await bodyWriter.FlushAsync(cancellationToken), context.RequestAborted);
    }

    private async Task ServeThreeCommasAsync(HttpContext context, string target)
    {
        var headers = context.Request.Headers;
        if (!FixedEquals(headers["APIKEY"].ToString(), Credentials.ThreeCommasApiKey) || !SignatureIsValid(target, headers["Signature"].ToString()))
        {
            await WriteTextAsync(context, 401, "application/json", "{\"error\":\"signature_invalid\",\"error_description\":\"Provided signature is invalid\"}");
            return;
        }

        if (headers.TryGetValue("Forced-Mode", out var mode) && mode.ToString() is not ("real" or "paper"))
        {
            await WriteTextAsync(context, 400, "application/json", "{\"error\":\"forced_mode_invalid\",\"error_description\":\"Forced-Mode must be real or paper\"}");
            return;
        }

        var (page, perPage) = ParsePaging(context.Request.Query);
        if (page is null or < 1 || perPage is null or < 1 or > 100)
        {
            await WriteTextAsync(context, 400, "application/json",
                "{\"error\":\"record_invalid\",\"error_description\":\"Invalid parameters\",\"error_attributes\":{\"per_page\":[\"must be between 1 and 100\"],\"page\":[\"must be at least 1\"]}}");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        ThreeCommas.WritePage(writer, page.Value, perPage.Value, _options.TimeProvider.GetUtcNow());
        await writer.FlushAsync(context.RequestAborted);
    }

    private static (int? Page, int? PerPage) ParsePaging(IQueryCollection query)
    {
        static int? Read(IQueryCollection query, string name, int fallback) =>
            !query.TryGetValue(name, out var value) ? fallback
            : int.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
        return (Read(query, "page", 1), Read(query, "per_page", 100));
    }

    private bool SignatureIsValid(string target, string signature)
    {
        if (signature.Length == 0)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(target);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Credentials.ThreeCommasApiSecret), message));
        if (FixedEquals(signature.ToLowerInvariant(), expected))
        {
            return true;
        }

        if (_options.ThreeCommasRsaPublicKeyPem is not { } publicKey)
        {
            return false;
        }

        Span<byte> signatureBytes = stackalloc byte[1024];
        if (!Convert.TryFromBase64String(signature, signatureBytes, out var written))
        {
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKey);
        return rsa.VerifyData(message, signatureBytes[..written], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static bool FixedEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    private static async Task WriteTextAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
