using System.Net;

namespace AccountSnapshots.Upstream;

/// <summary>Maps HTTP outcomes to <see cref="SourceError"/>s whose message names the source, kind and HTTP status.</summary>
internal static class UpstreamFailures
{
    public static SourceError Create(string source, UpstreamErrorKind kind, int? httpStatus, string? errorCode, string detail)
    {
        var status = httpStatus is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        var code = errorCode is null ? "" : $", code {errorCode}";
        return new SourceError(kind, $"{source}: {KindName(kind)} (HTTP {status}{code}): {detail}", httpStatus, errorCode);
    }

    /// <summary>The kind for a non-2xx status, with the sentence that explains it.</summary>
    public static (UpstreamErrorKind Kind, string Detail) ForStatus(HttpStatusCode statusCode) => (int)statusCode switch
    {
        401 or 403 => (UpstreamErrorKind.CredentialsRejected, "the upstream refused our API credentials; not retried"),
        429 => (UpstreamErrorKind.RateLimited, "the upstream is throttling us"),
        418 => (UpstreamErrorKind.Banned, "the upstream banned this IP; stopped at once"),
        408 or >= 500 => (UpstreamErrorKind.Unavailable, "the upstream kept failing after the allowed retries"),
        400 or 404 or 405 => (UpstreamErrorKind.Configuration, "the upstream refused the request we built; check the base URL and paging settings"),
        _ => (UpstreamErrorKind.InvalidResponse, "the upstream answered with an unexpected status"),
    };

    /// <summary>The contract name of a kind, as in JSON (<c>credentialsRejected</c>, …).</summary>
    public static string KindName(UpstreamErrorKind kind) => kind switch
    {
        UpstreamErrorKind.CredentialsRejected => "credentialsRejected",
        UpstreamErrorKind.RateLimited => "rateLimited",
        UpstreamErrorKind.Banned => "banned",
        UpstreamErrorKind.Unavailable => "unavailable",
        UpstreamErrorKind.InvalidResponse => "invalidResponse",
        UpstreamErrorKind.Configuration => "configuration",
        _ => kind.ToString(),
    };
}
