using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>
/// The self-hosted API's CORS policy, run by ASP.NET Core's CORS middleware: the <c>Api:CorsOrigins</c> origins may
/// read (GET/HEAD) with a key header and conditional requests, and see the caching headers.
/// </summary>
internal static class ApiCorsPolicy
{
    /// <summary>The policy's name in <see cref="CorsOptions"/>.</summary>
    public const string Name = "AccountSnapshotsApi";

    public static CorsPolicy Build(ApiOptions options) =>
        new CorsPolicyBuilder()
            .WithOrigins([.. options.CorsOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders(ApiKeyVerifier.HeaderName, "If-None-Match", "Accept")
            .WithExposedHeaders("ETag", "Last-Modified", "Cache-Control")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
}
