using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Api;

/// <summary>
/// A file compiled into the core (the OpenAPI document, the status page): one copy in the repository, the same bytes
/// served by both hosts, with a strong ETag computed once.
/// </summary>
internal sealed class EmbeddedAsset
{
    private EmbeddedAsset(byte[] content)
    {
        Content = content;
        ETag = AggregateSnapshot.ComputeETag(content);
    }

    public byte[] Content { get; }

    public string ETag { get; }

    /// <summary>Reads the manifest resource <paramref name="logicalName"/> of the core assembly.</summary>
    public static EmbeddedAsset Load(string logicalName)
    {
        using var stream = typeof(EmbeddedAsset).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"The core assembly has no embedded resource '{logicalName}'.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new EmbeddedAsset(buffer.ToArray());
    }

    /// <summary>Writes the asset (200) or a 304 for a matching If-None-Match; headers set by the caller stay.</summary>
    public async Task WriteAsync(HttpContext context, string contentType, string cacheControl)
    {
        var response = context.Response;
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = cacheControl;
        if (EntityTagMatcher.IfNoneMatch(context.Request.Headers.IfNoneMatch, ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(Content, context.RequestAborted);
        }
    }

}
