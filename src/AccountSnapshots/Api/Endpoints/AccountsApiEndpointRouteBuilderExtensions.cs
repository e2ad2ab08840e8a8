using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
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

    internal const string AllowedMethods = "GET, HEAD";

    /// <summary>
    /// As <see cref="MapAccountSnapshotsApi(IEndpointRouteBuilder)"/>, after refusing <c>Api:AllowAnonymous=true</c>
    /// unless every one of <paramref name="listeningUrls"/> is loopback (<see cref="OptionsValidationException"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapAccountSnapshotsApi(this IEndpointRouteBuilder endpoints, IEnumerable<string> listeningUrls)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiOptionsValidator.ValidateAnonymousListeners(endpoints.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value, listeningUrls);
        return endpoints.MapAccountSnapshotsApi();
    }

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
        var cors = options.CorsOrigins.Count > 0;
        endpoints.Map(LatestRoute, Route(endpoints, logger, cors, context => keyed(context, handler.HandleLatestAsync)));
        endpoints.Map(HistoryRoute, Route(endpoints, logger, cors, context => keyed(context, history.HandleHistoryAsync)));
        endpoints.Map(ChangesRoute, Route(endpoints, logger, cors, context => keyed(context, changes.HandleChangesAsync)));
        endpoints.Map(EventsRoute, Route(endpoints, logger, cors, context => keyed(context, events.HandleEventsAsync)));
        endpoints.Map(HealthRoute, Route(endpoints, logger, cors, handler.HandleHealthAsync));
        endpoints.Map(OpenApi.OpenApiHandler.Route, Route(endpoints, logger, cors, openApi.HandleOpenApiAsync));
        endpoints.Map(Dashboard.DashboardHandler.Route, Route(endpoints, logger, cors, context => keyed(context, dashboard.HandleDashboardAsync)));

        // Low priority by construction (a fallback), so it never shadows the host's own endpoints; answered for any
        // method and without CORS.
        // "{**path}", not the default "{*path:nonfile}": a path that looks like a file (favicon.ico, x.json) must get the same problem+json 404.
        endpoints.MapFallback("{**path}", context => ApiExceptionGuard.RunAsync(context, logger, () =>
            ApiProblemWriter.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Known routes: GET /api/accounts/latest, GET /api/accounts/history, GET /api/accounts/changes, GET /api/events, GET /api/health, GET /api/dashboard, GET /api/openapi.json.")));
        return endpoints;
    }

    // One route: inside the exception guard, ASP.NET Core's CORS middleware with the policy AddAccountSnapshots
    // registered (when Api:CorsOrigins is set; it answers a preflight itself, before the key check, since browsers send
    // it without a key), then 405 for other methods, then the handler. The middleware runs here rather than in the
    // host's pipeline so every host gets it from this one call, and a preflight keeps the guard's headers.
    private static RequestDelegate Route(IEndpointRouteBuilder endpoints, ILogger logger, bool cors, RequestDelegate handle)
    {
        RequestDelegate methods = context =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            {
                return handle(context);
            }

            context.Response.Headers.Allow = AllowedMethods;
            return ApiProblemWriter.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"Allowed methods: {AllowedMethods}.");
        };

        var inner = methods;
        if (cors)
        {
            var pipeline = endpoints.CreateApplicationBuilder();
            // Every answer varies by Origin, allowed or not, so no cache hands one origin's answer to another. Added
            // first so it leads the handler's own Vary values. With several origins the middleware appends its own
            // "Origin" when the headers start; this callback, registered before the middleware's, runs after it (the
            // callbacks run last-in first-out) and keeps each Vary name once.
            pipeline.Use((context, next) =>
            {
                context.Response.Headers.Append(HeaderNames.Vary, "Origin");
                context.Response.OnStarting(static state => { VaryOnce(((HttpContext)state).Response.Headers); return Task.CompletedTask; }, context);
                return next(context);
            });
            pipeline.UseCors(ApiCorsPolicy.Name);
            pipeline.Run(methods);
            inner = pipeline.Build();
        }

        return context => ApiExceptionGuard.RunAsync(context, logger, () => inner(context));
    }

    private static void VaryOnce(IHeaderDictionary headers)
    {
        var names = headers.Vary.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var distinct = names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (distinct.Length != names.Length)
        {
            headers.Vary = new StringValues(distinct);
        }
    }
}
