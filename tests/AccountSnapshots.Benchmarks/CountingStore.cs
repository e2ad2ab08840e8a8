using System.Collections.Concurrent;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Benchmarks;

/// <summary>Counts reads (path and bytes) and listings of an inner store, as a store's request log would.</summary>
internal sealed class CountingStore(ISnapshotStore inner) : ISnapshotStore
{
    private readonly ConcurrentQueue<(string Path, long Bytes)> _reads = new();
    private readonly ConcurrentQueue<string> _lists = new();
    private readonly ConcurrentQueue<string> _writes = new();

    public string Description => inner.Description;

    public List<(string Path, long Bytes)> Reads => [.. _reads];

    public List<string> Lists => [.. _lists];

    public List<string> Writes => [.. _writes];

    public void Reset()
    {
        _reads.Clear();
        _lists.Clear();
        _writes.Clear();
    }

    public Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        _writes.Enqueue(path);
        return inner.WriteAsync(path, content, condition, cancellationToken);
    }

    public async Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(path, cancellationToken);
        _reads.Enqueue((path, read?.Content.Length ?? 0));
        return read;
    }

    public Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        _lists.Enqueue(prefix);
        return inner.ListAsync(prefix, cancellationToken);
    }
}
