namespace AccountSnapshots.Storage;

/// <summary>One version of a stored object: its ETag, its parsed value (null when unreadable) and its size in bytes.</summary>
internal sealed record StoreVersion<T>(string ETag, T Value, int Length);
