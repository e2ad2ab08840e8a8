using System.Collections.Concurrent;

namespace AccountSnapshots.Storage;

/// <summary>
/// Objects this process last wrote or read, parsed, with the ETag each had: while the store's ETag of a path still
/// matches (a HEAD on Blob; a streamed hash, never buffered, on the folder store), reading and parsing it again is
/// skipped. The caller's conditional write still guards against other writers; this only saves re-reading.
/// </summary>
internal sealed class StoreVersionCache<T>(ISnapshotStore store)
{
    private readonly ConcurrentDictionary<string, StoreVersion<T>> _kept = new(StringComparer.Ordinal);

    /// <summary>The current version of <paramref name="path"/> (its value null when unreadable); null when absent.</summary>
    public async Task<StoreVersion<T>?> ReadAsync(string path, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        if (_kept.TryGetValue(path, out var kept))
        {
            var properties = await store.GetPropertiesAsync(path, cancellationToken);
            if (properties is null)
            {
                _kept.TryRemove(path, out _);
                return null;
            }

            if (string.Equals(properties.ETag, kept.ETag, StringComparison.Ordinal))
            {
                return kept;
            }
        }

        var stored = await store.ReadAsync(path, cancellationToken);
        if (stored is null)
        {
            _kept.TryRemove(path, out _);
            return null;
        }

        var read = new StoreVersion<T>(stored.ETag, parse(stored.Content), stored.Content.Length);
        Keep(path, read);
        return read;
    }

    /// <summary>Remembers the version the caller just wrote; an unreadable value is never kept.</summary>
    public void Keep(string path, StoreVersion<T> version)
    {
        if (version.Value is null)
        {
            _kept.TryRemove(path, out _);
        }
        else
        {
            _kept[path] = version;
        }
    }
}
