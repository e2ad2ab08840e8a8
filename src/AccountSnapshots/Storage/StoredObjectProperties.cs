namespace AccountSnapshots.Storage;

/// <summary>The version of a stored object, without its content.</summary>
public sealed record StoredObjectProperties(string ETag, DateTimeOffset LastModified, long Length);
