namespace AccountSnapshots.Upstream;

/// <summary>
/// What went wrong with one source. <see cref="Message"/> names the source, the kind and the HTTP status and never
/// holds a secret value.
/// </summary>
public sealed record SourceError(UpstreamErrorKind Kind, string Message, int? HttpStatus = null, string? ErrorCode = null);
