using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace AccountSnapshots.Upstream;

/// <summary>
/// A response body read once from the stream into one buffer (the only full copy kept), with its SHA-256 computed
/// while it arrived. Parsers read the buffer with Utf8JsonReader; no JsonDocument of the whole body is built.
/// </summary>
internal sealed class UpstreamBody
{
    // Non-JSON bodies (HTML error pages) are kept only this far in the raw record.
    private const int MaxTextRecordBytes = 64 * 1024;


    private UpstreamBody(byte[] buffer, int length, string sha256, string? contentType)
    {
        Buffer = buffer;
        Length = length;
        Sha256 = sha256;
        ContentType = contentType;
    }

    public byte[] Buffer { get; }

    public int Length { get; }

    public string Sha256 { get; }

    public string? ContentType { get; }

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>True when the content type is <c>application/json</c> or a <c>+json</c> type.</summary>
    public bool IsJsonContentType => ContentType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the body, refusing it once it passes <paramref name="limit"/> bytes. The bytes counted are the ones the
    /// stream yields, after automatic decompression: a small gzip body cannot inflate past the limit unchecked.
    /// </summary>
    public static async Task<UpstreamBody> ReadAsync(HttpResponseMessage response, UpstreamBodyLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var maxBodyBytes = limit.MaxBytes;
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBodyBytes)
        {
            throw new UpstreamFormatException($"the body declares {declared} bytes, more than {limit.Setting} ({maxBodyBytes}) accepts");
        }

        // Content-Length sizes the first buffer, up to a bound, so a lying header cannot force a huge allocation.
        var buffer = new byte[declared is > 0 ? (int)Math.Min(declared.Value, Math.Min(maxBodyBytes, 64L * 1024 * 1024)) : (int)Math.Min(16 * 1024, maxBodyBytes)];
        var length = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        while (true)
        {
            if (length == buffer.Length)
            {
                // A full buffer is usually the whole body (Content-Length was exact): probe for the end before
                // doubling, so a 30 MB body does not briefly cost 90 MB.
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken) == 0)
                {
                    break;
                }

                if (buffer.Length >= maxBodyBytes)
                {
                    throw new UpstreamFormatException($"the body is larger than {limit.Setting} ({maxBodyBytes} bytes, counted after decompression)");
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBodyBytes, buffer.Length * 2L));
                buffer[length] = probe[0];
                hash.AppendData(probe);
                length++;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, length, read);
            length += read;
        }

        return new UpstreamBody(buffer, length, Convert.ToHexStringLower(hash.GetHashAndReset()), MediaType(response.Content.Headers.ContentType));
    }

    /// <summary>The raw record of this body as received.</summary>
    public RawPage ToRawPage(string request, int httpStatus, string? correlationId, bool isJson) =>
        ToRawPage(request, httpStatus, correlationId, Memory, isJson);

    /// <summary>
    /// The raw record with <paramref name="body"/> stored (e.g. masked); non-JSON text is bounded in size. The
    /// record's SHA-256 is of the bytes stored, not of the bytes received: for a masked 3Commas page the received bytes
    /// hold exchange keys, and a hash of them stored next to the masked copy would let a short key be found offline.
    /// </summary>
    public RawPage ToRawPage(string request, int httpStatus, string? correlationId, ReadOnlyMemory<byte> body, bool isJson)
    {
        if (!isJson && body.Length > MaxTextRecordBytes)
        {
            body = body[..MaxTextRecordBytes];
        }

        // Same memory as received (Conduit JSON): the hash computed while reading is already the stored bytes' hash.
        var sha256 = body.Span == Span ? Sha256 : Convert.ToHexStringLower(SHA256.HashData(body.Span));

        return new RawPage
        {
            Request = request,
            HttpStatus = httpStatus,
            CorrelationId = correlationId,
            ContentType = ContentType,
            Sha256 = sha256,
            Length = Length,
            Body = body,
            IsJson = isJson,
        };
    }

    /// <summary>True when the body is JSON-typed and holds exactly one complete JSON value.</summary>
    public bool IsCompleteJson()
    {
        if (!IsJsonContentType || Length == 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(Span);
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? MediaType(MediaTypeHeaderValue? header) => header?.MediaType;
}
