using System.Globalization;
using System.Security.Cryptography;
using AccountSnapshots.Aggregation;

namespace AccountSnapshots.Api;

/// <summary>
/// One immutable version of the aggregate as the API serves it: the stored bytes, their parsed form, the HTTP ETag
/// (a hash of the bytes, so equal bytes always give an equal ETag) and the store's own version.
/// </summary>
internal sealed record AggregateSnapshot(
    ReadOnlyMemory<byte> Content,
    AggregateDocument Document,
    string ETag,
    DateTimeOffset LastModified,
    string? StoreETag)
{
    /// <summary>The <c>Last-Modified</c> header value (HTTP date), formatted once per version, not per request.</summary>
    public string LastModifiedHeader { get; } = LastModified.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quoted strong ETag: the first 16 bytes of the SHA-256 of <paramref name="content"/>, in hex.</summary>
    public static string ComputeETag(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return string.Concat("\"", Convert.ToHexStringLower(hash[..16]), "\"");
    }
}
