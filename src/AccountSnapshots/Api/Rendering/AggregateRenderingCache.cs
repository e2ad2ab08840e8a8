using System.Collections.Concurrent;

namespace AccountSnapshots.Api;

/// <summary>
/// Renderings (filtered, CSV, stale-marked, and their encodings) of the aggregate version being served, so each is
/// built once per aggregate change rather than per request. Bounded: past <see cref="MaxEntries"/> distinct queries
/// of one version, further ones are rendered per request and not kept. A new version starts an empty set.
/// </summary>
internal sealed class AggregateRenderingCache
{
    public const int MaxEntries = 64;

    private Generation _current = new(null);

    /// <summary>Number of renderings kept for the version being served.</summary>
    public int Count => Volatile.Read(ref _current).Entries.Count;

    public AggregateRendering GetOrAdd(AggregateSnapshot snapshot, AggregateRenderingKey key, Func<AggregateRendering> render)
    {
        var generation = Volatile.Read(ref _current);
        if (!ReferenceEquals(generation.Snapshot, snapshot))
        {
            // A request still holding an older version renders for itself rather than evicting the newer set.
            if (generation.Snapshot is not null && snapshot.LastModified < generation.Snapshot.LastModified)
            {
                return render();
            }

            var fresh = new Generation(snapshot);
            generation = Interlocked.CompareExchange(ref _current, fresh, generation) == generation ? fresh : Volatile.Read(ref _current);
            if (!ReferenceEquals(generation.Snapshot, snapshot))
            {
                return render();
            }
        }

        if (generation.Entries.TryGetValue(key, out var rendering))
        {
            return rendering;
        }

        rendering = render();
        return generation.Entries.Count < MaxEntries ? generation.Entries.GetOrAdd(key, rendering) : rendering;
    }

    private sealed class Generation(AggregateSnapshot? snapshot)
    {
        public AggregateSnapshot? Snapshot { get; } = snapshot;

        public ConcurrentDictionary<AggregateRenderingKey, AggregateRendering> Entries { get; } = new();
    }
}
