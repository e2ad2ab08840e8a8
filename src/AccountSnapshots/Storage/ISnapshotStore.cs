namespace AccountSnapshots.Storage;

/// <summary>
/// Where snapshots and the aggregate live: Azure Blob Storage or a local directory, with the same names and the same
/// conditional-write semantics in both. Paths use forward slashes, e.g. <c>latest/aggregate.json</c>.
/// Infrastructure faults (unreachable, forbidden, timeouts) throw <see cref="SnapshotStoreException"/>.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>A short description of where data goes (no secrets), e.g. <c>blob account-snapshots @ http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    string Description { get; }

    /// <summary>Writes <paramref name="content"/> (read from its current position) when <paramref name="condition"/> holds.</summary>
    Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken);

    /// <summary>Reads a whole object; null when it does not exist.</summary>
    Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Reads only the version (ETag and time) of an object; null when it does not exist.</summary>
    Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken);

    /// <summary>Lists object paths under a prefix, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);
}
