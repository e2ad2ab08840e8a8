using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Api;

/// <summary>
/// One response body of one aggregate version for one query, with its gzip and Brotli encodings compressed once (on
/// first use) and kept beside it. Each representation has its own strong ETag, derived from the identity ETag so a
/// client's validator of any of them can be recognised without compressing anything.
/// </summary>
internal sealed class AggregateRendering
{
    // Below this the headers outweigh what compression saves.
    private const int MinCompressedLength = 1024;

    private readonly Lazy<ResponseBody?> _gzip;
    private readonly Lazy<ResponseBody?> _brotli;

    public AggregateRendering(ReadOnlyMemory<byte> content, string eTag)
    {
        Identity = new ResponseBody(content, eTag, ContentEncoding: null);
        _gzip = new(() => Compress(content, WithSuffix(eTag, "gzip"), "gzip", static output => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)));
        _brotli = new(() => Compress(content, WithSuffix(eTag, "br"), "br", static output => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)));
    }

    public ResponseBody Identity { get; }

    /// <summary>The representation for <paramref name="encoding"/> (<c>br</c>, <c>gzip</c> or null for identity).</summary>
    public ResponseBody Select(string? encoding) => encoding switch
    {
        "br" => _brotli.Value ?? Identity,
        "gzip" => _gzip.Value ?? Identity,
        _ => Identity,
    };

    /// <summary>True when <paramref name="ifNoneMatch"/> names any representation of this rendering.</summary>
    public bool IsNotModified(StringValues ifNoneMatch) =>
        ifNoneMatch.Count > 0 && (EntityTagMatcher.IfNoneMatch(ifNoneMatch, Identity.ETag)
            || EntityTagMatcher.IfNoneMatch(ifNoneMatch, WithSuffix(Identity.ETag, "gzip"))
            || EntityTagMatcher.IfNoneMatch(ifNoneMatch, WithSuffix(Identity.ETag, "br")));

    private static string WithSuffix(string eTag, string suffix) => string.Concat(eTag.AsSpan(0, eTag.Length - 1), "-", suffix, "\"");

    private static ResponseBody? Compress(ReadOnlyMemory<byte> content, string eTag, string encoding, Func<Stream, Stream> compressor)
    {
        if (content.Length < MinCompressedLength)
        {
            return null;
        }

        using var output = new MemoryStream(content.Length / 4);
        using (var stream = compressor(output))
        {
            stream.Write(content.Span);
        }

        return output.Length < content.Length ? new ResponseBody(output.ToArray(), eTag, encoding) : null;
    }
}
