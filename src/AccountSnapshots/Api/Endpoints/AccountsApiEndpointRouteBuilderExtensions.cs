using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AccountSnapshots.Api;

/// <summary>Maps the dashboard API for a self-hosted (CLI, Kestrel) ASP.NET Core app.</summary>
public static class AccountsApiEndpointRouteBuilderExtensions
{
    /// <summary>The aggregate route.</summary>
    public const string LatestRoute = "/api/accounts/latest";

    /// <summary>The history route.</summary>
    public const string HistoryRoute = "/api/accounts/history";

    /// <summary>The changes route.</summary>
    public const string ChangesRoute = "/api/accounts/changes";

    /// <summary>The events route.</summary>
    public const string EventsRoute = "/api/events";

    /// <summary>The anonymous health route.</summary>
    public const string HealthRoute = "/api/health";

    private const string AllowedMethods = "GET, HEAD";

    /// <summary>
    /// Maps <c>/api/accounts/latest</c> (key required unless <c>Api:AllowAnonymous</c>), <c>/api/health</c>
    /// (anonymous), 405 for other methods on them, a 404 fallback for every other path, CORS when
    /// <c>Api:CorsOrigins</c> is set, and problem+json for unhandled exceptions. Nothing else needs to be added to
    /// the pipeline. Throws <see cref="OptionsValidationException"/> naming <c>Api:Keys</c> when there are no keys
    /// and anonymous access is off.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountSnapshotsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        ApiOptionsValidator.ValidateForSelfHosting(options);

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountsApiHandler).FullName!);
        if (options.AllowAnonymous)
        {
            ApiLog.AnonymousApiEnabled(logger);
        }

        var handler = services.GetRequiredService<AccountsApiHandler>();
        var history = services.GetRequiredService<AccountsHistoryHandler>();
        var changes = services.GetRequiredService<ChangesHandler>();
        var events = services.GetRequiredService<EventsHandler>();
        var openApi = services.GetRequiredService<OpenApi.OpenApiHandler>();
        var dashboard = services.GetRequiredService<Dashboard.DashboardHandler>();
        var verifier = services.GetRequiredService<ApiKeyVerifier>();
        var origins = new HashSet<string>(options.CorsOrigins, StringComparer.OrdinalIgnoreCase);

        // The same key rules on every keyed route.
        Func<HttpContext, Func<HttpContext, Task>, Task> keyed = async (context, handle) =>
        {
            if (!verifier.IsAuthorized(context.Request, out var reason))
            {
                ApiLog.ApiKeyRejected(logger, context.Request.Path.Value ?? "", reason);
                await ApiProblemWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Send an API key in the {ApiKeyVerifier.HeaderName} header or the {ApiKeyVerifier.QueryName} query parameter.");
                return;
            }

            await handle(context);
        };
        endpoints.Map(LatestRoute, context => RunAsync(context, logger, origins, () => keyed(context, handler.HandleLatestAsync)));
        endpoints.Map(HistoryRoute, context => RunAsync(context, logger, origins, () => keyed(context, history.HandleHistoryAsync)));
        endpoints.Map(ChangesRoute, context => RunAsync(context, logger, origins, () => keyed(context, changes.HandleChangesAsync)));
        endpoints.Map(EventsRoute, context => RunAsync(context, logger, origins, () => keyed(context, events.HandleEventsAsync)));
        endpoints.Map(HealthRoute, context => RunAsync(context, logger, origins, () => handler.HandleHealthAsync(context)));
        endpoints.Map(OpenApi.OpenApiHandler.Route, context => RunAsync(context, logger, origins, () => openApi.HandleOpenApiAsync(context)));
        endpoints.Map(Dashboard.DashboardHandler.Route, context => RunAsync(context, logger, origins, () => keyed(context, dashboard.HandleDashboardAsync)));

        // Low priority by construction (a fallback), so it never shadows the host's own endpoints.
        // "{**path}", not the default "{*path:nonfile}": a path that looks like a file (favicon.ico, x.json) must get the same problem+json 404.
        endpoints.MapFallback("{**path}", context => RunAsync(context, logger, origins: null, () =>
            ApiProblemWriter.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Known routes: GET /api/accounts/latest, GET /api/accounts/history, GET /api/accounts/changes, GET /api/events, GET /api/health, GET /api/dashboard, GET /api/openapi.json.")));
        return endpoints;
    }

    // origins null: the fallback, answered for any method without CORS; empty: CORS off.
    private static Task RunAsync(HttpContext context, ILogger logger, HashSet<string>? origins, Func<Task> handle) =>
        ApiExceptionGuard.RunAsync(context, logger, async () =>
        {
            var method = context.Request.Method;
            if (origins is { Count: > 0 } && ApplyCors(context, origins, method))
            {
                return;
            }

            if (origins is not null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                context.Response.Headers.Allow = AllowedMethods;
                await ApiProblemWriter.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"Allowed methods: {AllowedMethods}.");
                return;
            }

            await handle();
        });

    // Adds CORS headers for allowed origins; answers a preflight itself (returns true then).
    private static bool ApplyCors(HttpContext context, HashSet<string> origins, string method)
    {
        var headers = context.Request.Headers;
        var origin = headers.Origin.Count == 1 ? headers.Origin[0] : null;
        var allowed = origin is not null && origins.Contains(origin);
        context.Response.Headers.Append(HeaderNames.Vary, "Origin");

        if (allowed)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlExposeHeaders = "ETag, Last-Modified, Cache-Control";
        }

        if (!HttpMethods.IsOptions(method) || headers.AccessControlRequestMethod.Count == 0)
        {
            return false;
        }

        // A preflight: browsers send it without a key, so it is answered before the key check.
        var requested = headers.AccessControlRequestMethod.ToString();
        if (allowed && (HttpMethods.IsGet(requested) || HttpMethods.IsHead(requested)))
        {
            context.Response.Headers.AccessControlAllowMethods = AllowedMethods;
            context.Response.Headers.AccessControlAllowHeaders = $"{ApiKeyVerifier.HeaderName}, If-None-Match, Accept";
            context.Response.Headers.AccessControlMaxAge = "600";
        }
        else
        {
            context.Response.Headers.Remove(HeaderNames.AccessControlAllowOrigin);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }
}
