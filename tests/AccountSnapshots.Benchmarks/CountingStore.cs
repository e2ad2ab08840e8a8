using System.Collections.Concurrent;
using System.Diagnostics;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Benchmarks;

/// <summary>
/// Counts reads (path and bytes), listings and writes of an inner store, as a store's request log would, and the time
/// spent in reads and writes (a write includes its hash, fsync and rename), so a benchmark can say where a run's time goes.
/// </summary>
internal sealed class CountingStore(ISnapshotStore inner) : ISnapshotStore
{
    private readonly ConcurrentQueue<(string Path, long Bytes)> _reads = new();
    private readonly ConcurrentQueue<string> _lists = new();
    private readonly ConcurrentQueue<string> _writes = new();
    private readonly ConcurrentQueue<(string Path, long Bytes)> _properties = new();
    private long _readTicks;
    private long _propertiesTicks;
    private long _writeTicks;

    public string Description => inner.Description;

    public List<(string Path, long Bytes)> Reads => [.. _reads];

    public List<string> Lists => [.. _lists];

    /// <summary>Version checks (path and the object's size: a folder store hashes the whole file, Blob sends a HEAD).</summary>
    public List<(string Path, long Bytes)> Properties => [.. _properties];

    /// <summary>Time spent inside version checks since the last reset (summed over concurrent calls).</summary>
    public TimeSpan PropertiesTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _propertiesTicks));

    public List<string> Writes => [.. _writes];

    /// <summary>Time spent inside reads since the last reset (summed over concurrent calls).</summary>
    public TimeSpan ReadTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _readTicks));

    /// <summary>Time spent inside writes since the last reset (summed over concurrent calls).</summary>
    public TimeSpan WriteTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writeTicks));

    public void Reset()
    {
        Interlocked.Exchange(ref _readTicks, 0);
        Interlocked.Exchange(ref _writeTicks, 0);
        Interlocked.Exchange(ref _propertiesTicks, 0);
        _reads.Clear();
        _properties.Clear();
        _lists.Clear();
        _writes.Clear();
    }

    public async Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        _writes.Enqueue(path);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.WriteAsync(path, content, condition, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    public async Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var read = await inner.ReadAsync(path, cancellationToken);
        Interlocked.Add(ref _readTicks, Stopwatch.GetTimestamp() - started);
        _reads.Enqueue((path, read?.Content.Length ?? 0));
        return read;
    }

    public async Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var properties = await inner.GetPropertiesAsync(path, cancellationToken);
        Interlocked.Add(ref _propertiesTicks, Stopwatch.GetTimestamp() - started);
        _properties.Enqueue((path, properties?.Length ?? 0));
        return properties;
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        _lists.Enqueue(prefix);
        return inner.ListAsync(prefix, cancellationToken);
    }
}
