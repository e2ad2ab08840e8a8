using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AccountSnapshots.Serialization;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.History;

/// <summary>
/// The day index objects in the store: a typed read that treats an unreadable object as absent (logged), and the
/// read-change-write loop with create-if-absent then If-Match that every index write goes through.
/// </summary>
internal sealed class HistoryDayStore(ISnapshotStore store, ILogger logger)
{
    // Every lost race means another writer's change landed, so progress is certain; the bound only caps a pathological
    // pile-up (it covers 100 writers of one day object at once; live runs bring one per source and slot).
    private const int MaxAttempts = 100;

    /// <summary>The object at <paramref name="path"/>; null when absent or unreadable.</summary>
    public async Task<T?> ReadAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var stored = await store.ReadAsync(path, cancellationToken);
        return stored is null ? null : TryParse(path, stored.Content.Span, type);
    }

    /// <summary>The object in <paramref name="content"/>; null when unreadable (logged, so the day is rebuilt rather than lost).</summary>
    public T? TryParse<T>(string path, ReadOnlySpan<byte> content, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(content, type);
        }
        catch (JsonException ex)
        {
            HistoryLog.IndexUnreadable(logger, path, ex.Message);
            return null;
        }
    }

    /// <summary>Read, change, write conditionally, again on a lost race. Returns what is stored afterwards.</summary>
    public async Task<T?> UpdateAsync<T>(string path, JsonTypeInfo<T> type, Func<T?, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await store.ReadAsync(path, cancellationToken);
            var current = stored is null ? null : TryParse(path, stored.Content.Span, type);
            var updated = change(current);
            if (updated is null)
            {
                return current;
            }

            // A day of accounts grows with each slot: sized from the stored version, outside the shared pool.
            var bytes = LargeJsonSerializer.SerializeToUtf8Bytes(updated, type, (stored?.Content.Length ?? 0) + 64 * 1024);
            using var content = new MemoryStream(bytes, writable: false);
            var condition = stored is null ? StoreCondition.IfAbsent : StoreCondition.IfMatch(stored.ETag);
            var result = await store.WriteAsync(path, content, condition, cancellationToken);
            if (result.Written)
            {
                return updated;
            }

            HistoryLog.IndexConflict(logger, path, attempt);
        }

        throw new SnapshotStoreException($"Updating {path} lost {MaxAttempts} optimistic-concurrency races in a row ({store.Description}); queries read the day from the snapshots until it is written.");
    }

    /// <summary>Our copy merged with whatever is stored now; when the write fails the in-memory copy still answers the query.</summary>
    public async Task<T> SaveMergedAsync<T>(string path, JsonTypeInfo<T> type, T ours, Func<T, T, T?> merge, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await UpdateAsync(path, type, current => current is null ? ours : merge(current, ours), cancellationToken) ?? ours;
        }
        catch (SnapshotStoreException ex)
        {
            HistoryLog.IndexWriteFailed(logger, path, ex.Message);
            return ours;
        }
    }

    /// <summary>
    /// Records that a listing just found the stored version complete. Only that exact version is marked (If-Match):
    /// a writer that added a slot meanwhile wins, and the next query lists the day again.
    /// </summary>
    public async Task<HistoryTotalsDay> TryMarkVerifiedAsync(string path, HistoryTotalsDay totals, string eTag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verified = totals with { VerifiedAt = now };
        try
        {
            using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(verified, AccountSnapshotsJsonContext.Default.HistoryTotalsDay), writable: false);
            var result = await store.WriteAsync(path, content, StoreCondition.IfMatch(eTag), cancellationToken);
            return result.Written ? verified : totals;
        }
        catch (SnapshotStoreException ex)
        {
            // Only the shortcut is lost: the day keeps being listed until a later query marks it.
            HistoryLog.IndexVerifyNotSaved(logger, path, ex.Message);
            return totals;
        }
    }
}
