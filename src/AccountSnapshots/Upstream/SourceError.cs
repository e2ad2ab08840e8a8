namespace AccountSnapshots.Upstream;

/// <summary>
/// What went wrong with one source. <see cref="Message"/> names the source, the kind and the HTTP status and never
/// holds a secret value. When <see cref="Message"/> names our own infrastructure (a Key Vault URI, a secret name, a
/// store path or storage account), <see cref="ServedMessage"/> says the same without those names: the aggregate
/// that API users read carries only the served message (see <see cref="ForServing"/>), while the snapshot document
/// and the log keep the full one for the operator.
/// </summary>
public sealed record SourceError(UpstreamErrorKind Kind, string Message, int? HttpStatus = null, string? ErrorCode = null)
{
    /// <summary>The message API users may read; null when <see cref="Message"/> names no infrastructure.</summary>
    public string? ServedMessage { get; init; }

    /// <summary>This error as the aggregate serves it: the served message in <see cref="Message"/>, nothing else.</summary>
    public SourceError ForServing() =>
        ServedMessage is null ? this : this with { Message = ServedMessage, ServedMessage = null };
}
