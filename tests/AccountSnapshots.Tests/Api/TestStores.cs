using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Tests.Api;

/// <summary>
/// The one place API tests get a store from. Swap <see cref="Create"/> for the real file store once it is merged;
/// every test goes through <see cref="CountingSnapshotStore"/>, which works over any inner store.
/// </summary>
internal static class TestStores
{
    public static ISnapshotStore Create() => new InMemorySnapshotStore();
}

/// <summary>Minimal in-memory <see cref="ISnapshotStore"/> with the contract's conditional-write semantics.</summary>
internal sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;
    private long _tick;

    public string Description => "memory";

    public async Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        lock (_gate)
        {
            var exists = _objects.TryGetValue(path, out var current);
            var allowed = condition.Kind switch
            {
                StoreConditionKind.IfAbsent => !exists,
                StoreConditionKind.IfMatch => exists && current!.ETag == condition.ETag,
                _ => true,
            };
            if (!allowed)
            {
                return StoreWriteResult.ConditionFailed;
            }

            var eTag = $"\"v{++_version}\"";
            var lastModified = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(++_tick);
            _objects[path] = new StoredObject(buffer.ToArray(), eTag, lastModified);
            return StoreWriteResult.Success(eTag);
        }
    }

    public Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue(path, out var o) ? o : null);

    public Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue(path, out var o) ? new StoredObjectProperties(o.ETag, o.LastModified, o.Content.Length) : null);

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var path in _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            yield return path;
        }
    }
}

/// <summary>Records every call to the inner store; can be told to fail like an unreachable store.</summary>
internal sealed class CountingSnapshotStore(ISnapshotStore inner) : ISnapshotStore
{
    private readonly ConcurrentQueue<string> _calls = new();

    public ISnapshotStore Inner => inner;

    public string Description => inner.Description;

    /// <summary>Every call as "Method path", in order.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>When set, every call throws <see cref="SnapshotStoreException"/>.</summary>
    public bool Failing { get; set; }

    /// <summary>When set, GetPropertiesAsync waits for it (to hold a refresh in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void Reset() => _calls.Clear();

    public Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        Record(nameof(WriteAsync), path);
        return inner.WriteAsync(path, content, condition, cancellationToken);
    }

    public Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Record(nameof(ReadAsync), path);
        return inner.ReadAsync(path, cancellationToken);
    }

    public async Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        Record(nameof(GetPropertiesAsync), path);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.GetPropertiesAsync(path, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Record(nameof(ListAsync), prefix);
        return inner.ListAsync(prefix, cancellationToken);
    }

    private void Record(string method, string path)
    {
        _calls.Enqueue($"{method} {path}");
        if (Failing)
        {
            throw new SnapshotStoreException($"store {Description} unreachable reading {path}");
        }
    }
}
