using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Api.OpenApi;

/// <summary>
/// <c>GET|HEAD /api/openapi.json</c> (anonymous): the OpenAPI 3.1 description of every route, compiled into the core
/// from <c>Api/OpenApi/openapi.json</c> so the repository holds one copy and both hosts serve the same bytes.
/// </summary>
public sealed class OpenApiHandler
{
    /// <summary>The route, under the hosts' <c>api</c> prefix.</summary>
    public const string Route = "/api/openapi.json";

    /// <summary>The manifest resource name of the document.</summary>
    internal const string ResourceName = "AccountSnapshots.Api.OpenApi.openapi.json";

    // Nothing in it is secret or per user; a deployment changes it, so caches keep it briefly and revalidate.
    private const string CacheControl = "public, max-age=300";

    private readonly EmbeddedAsset _document = EmbeddedAsset.Load(ResourceName);
    private readonly ILogger _logger;

    internal OpenApiHandler(ILogger<OpenApiHandler> logger) => _logger = logger;

    /// <summary>Writes the document with a strong ETag; 304 on a matching If-None-Match.</summary>
    public Task HandleOpenApiAsync(HttpContext context) =>
        ApiExceptionGuard.RunAsync(context, _logger, () => _document.WriteAsync(context, "application/json; charset=utf-8", CacheControl));
}
