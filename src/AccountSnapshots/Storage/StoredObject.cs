namespace AccountSnapshots.Storage;

/// <summary>A whole stored object with its version.</summary>
public sealed record StoredObject(ReadOnlyMemory<byte> Content, string ETag, DateTimeOffset LastModified);
