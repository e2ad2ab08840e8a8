using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Concurrency;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>
/// The aggregate in memory. A warm request costs no storage call: the store's version is re-checked at most once per
/// <see cref="ApiOptions.RefreshInterval"/>, by one caller while concurrent callers share that check, and the object
/// is read only when its version changed. When the store fails the last good copy keeps being served.
/// </summary>
internal sealed class AggregateCache(
    ISnapshotStore store,
    IOptions<ApiOptions> options,
    TimeProvider timeProvider,
    ILogger<AggregateCache> logger)
{
    private readonly Lock _gate = new();
    private AggregateSnapshot? _current;
    private DateTimeOffset _nextCheckAt = DateTimeOffset.MinValue;
    private readonly SingleFlight<bool, AggregateSnapshot> _refreshes = new();

    /// <summary>The current aggregate, refreshed from the store when the refresh interval has passed.</summary>
    public Task<AggregateSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        Task<AggregateSnapshot> refresh;
        lock (_gate)
        {
            if (_current is { } current && timeProvider.GetUtcNow() < _nextCheckAt)
            {
                return Task.FromResult(current);
            }

            // The shared refresh must not be cancelled by whichever request happened to start it.
            var previous = _current;
            refresh = _refreshes.Join(true, () => RefreshAsync(previous)).Task;
        }

        return refresh.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the cached aggregate with one the in-process runner has just written, so the API serves it without
    /// waiting for the next refresh. Throws <see cref="JsonException"/> when <paramref name="bytes"/> is not an aggregate.
    /// </summary>
    internal void Publish(ReadOnlyMemory<byte> bytes, string storeETag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(storeETag);
        var copy = bytes.ToArray();
        Publish(Parse(copy, storeETag, lastModified).Document, copy, storeETag, lastModified);
    }

    /// <summary>
    /// Replaces the cached aggregate with one the in-process runner has just written, reusing the document it
    /// serialised into <paramref name="bytes"/>: parsing the bytes back would rebuild the same document, which for a
    /// large book costs a second copy of every account. <paramref name="bytes"/> must not be changed afterwards.
    /// </summary>
    internal void Publish(AggregateDocument document, byte[] bytes, string storeETag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(storeETag);
        var snapshot = new AggregateSnapshot(bytes, document, AggregateSnapshot.ComputeETag(bytes), lastModified, storeETag);
        lock (_gate)
        {
            // Two runs finishing together may publish out of order, and a refresh may already have read the newer of
            // the two from the store: an older aggregate never replaces a newer stored one. The synthetic "never"
            // document (no store version) is always replaced.
            if (_current is { StoreETag: not null } current && document.GeneratedAt < current.Document.GeneratedAt)
            {
                return;
            }

            _current = snapshot;
            _nextCheckAt = timeProvider.GetUtcNow() + options.Value.RefreshInterval;
        }

        ApiLog.AggregatePublished(logger, storeETag, bytes.Length);
    }

    private async Task<AggregateSnapshot> RefreshAsync(AggregateSnapshot? previous)
    {
        // Leave the lock before touching the store (the caller holds it while starting this task).
        await Task.Yield();
        try
        {
            var fresh = await LoadAsync(previous).ConfigureAwait(false);
            lock (_gate)
            {
                // A Publish that landed meanwhile wins unless this refresh read a later version (another writer's).
                if (ReferenceEquals(_current, previous) || IsLater(fresh, _current))
                {
                    _current = fresh;
                }

                _nextCheckAt = timeProvider.GetUtcNow() + options.Value.RefreshInterval;
                return _current!;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any store fault counts (the Blob SDK, file IO, a corrupt document): the API stays up on the last copy.
            lock (_gate)
            {
                if (_current is { } lastGood)
                {
                    // Back off for one interval so a failing store is not hit by every request.
                    _nextCheckAt = timeProvider.GetUtcNow() + options.Value.RefreshInterval;
                    ApiLog.AggregateRefreshFailed(logger, store.Description, lastGood.StoreETag, ex);
                    return lastGood;
                }
            }

            ApiLog.AggregateUnavailable(logger, store.Description, ex);
            throw new AggregateUnavailableException("The aggregate could not be read from the store and no earlier copy is cached.", ex);
        }
    }

    // Stored versions are ordered by generatedAt (the merger keeps it increasing); the "never" document has no version.
    private static bool IsLater(AggregateSnapshot fresh, AggregateSnapshot? current) =>
        fresh.StoreETag is not null && current is { StoreETag: not null } && fresh.Document.GeneratedAt > current.Document.GeneratedAt;

    private async Task<AggregateSnapshot> LoadAsync(AggregateSnapshot? previous)
    {
        var properties = await store.GetPropertiesAsync(SnapshotPaths.Aggregate, CancellationToken.None).ConfigureAwait(false);
        if (properties is null)
        {
            // Keep one "never" document while nothing is stored so its ETag stays stable between checks.
            if (previous is { StoreETag: null })
            {
                return previous;
            }

            ApiLog.AggregateMissing(logger, store.Description);
            return CreateNever(timeProvider.GetUtcNow());
        }

        if (previous is not null && string.Equals(previous.StoreETag, properties.ETag, StringComparison.Ordinal))
        {
            return previous;
        }

        var stored = await store.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            ApiLog.AggregateMissing(logger, store.Description);
            return CreateNever(timeProvider.GetUtcNow());
        }

        var snapshot = Parse(stored.Content.ToArray(), stored.ETag, stored.LastModified);
        ApiLog.AggregateLoaded(logger, stored.ETag, stored.Content.Length, snapshot.Document.GeneratedAt);
        return snapshot;
    }

    private static AggregateSnapshot Parse(byte[] bytes, string storeETag, DateTimeOffset lastModified)
    {
        var document = JsonSerializer.Deserialize(bytes, AccountSnapshotsJsonContext.Default.AggregateDocument)
            ?? throw new JsonException("The aggregate is JSON null.");

        if (!AggregateDocumentChecks.IsComplete(document))
        {
            throw new JsonException("The aggregate has a null where a value is required.");
        }
        return new AggregateSnapshot(bytes, document, AggregateSnapshot.ComputeETag(bytes), lastModified, storeETag);
    }

    private static AggregateSnapshot CreateNever(DateTimeOffset now)
    {
        var document = AggregateMerger.Empty(now);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.AggregateDocument);
        return new AggregateSnapshot(bytes, document, AggregateSnapshot.ComputeETag(bytes), now, StoreETag: null);
    }
}
