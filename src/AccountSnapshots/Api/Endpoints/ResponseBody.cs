namespace AccountSnapshots.Api;

/// <summary>The bytes of one representation, its strong ETag and its <c>Content-Encoding</c> (null for identity).</summary>
internal sealed record ResponseBody(ReadOnlyMemory<byte> Content, string ETag, string? ContentEncoding);
