namespace AccountSnapshots.Upstream;

/// <summary>
/// One upstream response exactly as received (after masking exchange api keys for 3Commas), kept for the snapshot's
/// raw copy. <see cref="Sha256"/> is the lowercase hex SHA-256 of <see cref="Body"/>, the bytes stored (never of an
/// unmasked body: that hash would let a short exchange key be brute-forced offline).
/// </summary>
public sealed record RawPage
{
    /// <summary>The path and query that went on the wire, e.g. <c>/public/api/ver1/accounts?page=1&amp;per_page=100</c>.</summary>
    public required string Request { get; init; }

    /// <summary>HTTP status of the response.</summary>
    public required int HttpStatus { get; init; }

    /// <summary>The upstream's <c>x-correlation-id</c>, when it sent one.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Response content type as sent.</summary>
    public string? ContentType { get; init; }

    /// <summary>SHA-256 (lowercase hex) of <see cref="Body"/> as stored (masked, bounded), not of the bytes received.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Body length in bytes as received.</summary>
    public required long Length { get; init; }

    /// <summary>
    /// The body to store: valid JSON (exchange api keys masked) when <see cref="IsJson"/> is true, otherwise UTF-8 text
    /// of what arrived (possibly truncated to a bounded size for the record).
    /// </summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>True when <see cref="Body"/> is one complete JSON value.</summary>
    public required bool IsJson { get; init; }
}
