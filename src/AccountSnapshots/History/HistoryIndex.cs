using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.History;

/// <summary>
/// Reads and writes the per-day, per-source history index. Every write is a read-merge-write with create-if-absent
/// then If-Match (as the aggregate does), and adding a slot is idempotent, so two sources, duplicate runs of a slot
/// and a reindex beside live runs never lose or duplicate a slot. The index is never the source of truth: a day whose
/// index lacks a slot that <c>snapshots/</c> lists is completed from the snapshots on read, never answered empty.
/// </summary>
internal sealed partial class HistoryIndex(ISnapshotStore store, TimeProvider timeProvider, ILogger<HistoryIndex> logger)
{
    // Every lost race means another writer's change landed, so progress is certain; the bound only caps a pathological
    // pile-up (it covers 100 writers of one day object at once; live runs bring one per source and slot).
    private const int MaxAttempts = 100;

    /// <summary>Adds one stored snapshot (successful or failed) to its day's totals and accounts objects.</summary>
    public async Task AddAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ok = document.IsOk;
        var day = HistoryPaths.DayOf(document.Slot);
        var slot = HistoryDayCodec.SlotOf(document);
        var state = ok ? HistoryDayCodec.StateOf(document) : null;
        await UpdateAsync(
            HistoryPaths.Totals(document.Source, day),
            AccountSnapshotsJsonContext.Default.HistoryTotalsDay,
            current => HistoryDayCodec.AddTotals(current, document.Source, slot),
            cancellationToken);
        await UpdateAsync(
            HistoryPaths.Accounts(document.Source, day),
            AccountSnapshotsJsonContext.Default.HistoryAccountsDay,
            current => HistoryDayCodec.AddAccounts(current, document.Source, document.Slot, ok, state),
            cancellationToken);
    }

    /// <summary>
    /// Rebuilds the index of every day in [<paramref name="from"/>, <paramref name="to"/>] (all days when null) from
    /// the snapshots, keeping any slot a live run added meanwhile.
    /// </summary>
    public async Task<HistoryReindexSummary> ReindexAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var snapshots = 0;
        long bytes = 0;
        var written = 0;
        foreach (var source in SourceNames.All)
        {
            var days = new SortedDictionary<DateOnly, List<DateTimeOffset>>();
            await foreach (var path in store.ListAsync($"snapshots/{source}/", cancellationToken))
            {
                if (HistoryPaths.SlotOf(path) is not { } at)
                {
                    continue;
                }

                var day = HistoryPaths.DayOf(at);
                if ((from is null || day >= from) && (to is null || day <= to))
                {
                    (days.TryGetValue(day, out var list) ? list : days[day] = []).Add(at);
                }
            }

            foreach (var (day, slots) in days)
            {
                HistoryTotalsDay? totals = null;
                HistoryAccountsDay? accounts = null;
                foreach (var at in slots.Order())
                {
                    var (length, ok, slot, state) = await ReadSnapshotAsync(source, at, cancellationToken);
                    snapshots++;
                    bytes += length;
                    totals = HistoryDayCodec.AddTotals(totals, source, slot) ?? totals;
                    accounts = HistoryDayCodec.AddAccounts(accounts, source, at, ok, state) ?? accounts;
                }

                // Replaces the stored day with the rebuilt one, plus any slot only the stored copy has (a live run's).
                await UpdateAsync(HistoryPaths.Totals(source, day), AccountSnapshotsJsonContext.Default.HistoryTotalsDay,
                    current => current is null ? totals : HistoryDayCodec.Merge(totals!, current) ?? totals, cancellationToken);
                await UpdateAsync(HistoryPaths.Accounts(source, day), AccountSnapshotsJsonContext.Default.HistoryAccountsDay,
                    current => current is null ? accounts : HistoryDayCodec.Merge(accounts!, current) ?? accounts, cancellationToken);
                written += 2;
                HistoryLog.Reindexed(logger, source, day, slots.Count);
            }
        }

        return new HistoryReindexSummary(snapshots, bytes, written, timeProvider.GetElapsedTime(started));
    }

    /// <summary>The typed part of a stored snapshot; null when missing or unreadable (logged).</summary>
    public async Task<SnapshotDocument?> ReadSnapshotDocumentAsync(string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var path = SnapshotPaths.Snapshot(source, at);
        if (await store.ReadAsync(path, cancellationToken) is not { } stored)
        {
            return null;
        }

        try
        {
            return SnapshotDocumentSerializer.Read(stored.Content.Span);
        }
        catch (JsonException ex)
        {
            HistoryLog.SnapshotUnreadable(logger, path, ex.Message);
            return null;
        }
    }

    // The slot as the index lists it; a missing or unreadable snapshot counts as a failed slot with no error detail.
    private async Task<(long Length, bool Ok, HistoryTotalsSlot Slot, Dictionary<HistorySeries, string>? State)> ReadSnapshotAsync(
        string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var path = SnapshotPaths.Snapshot(source, at);
        var failed = new HistoryTotalsSlot { At = at, Ok = false, Findings = [] };
        var stored = await store.ReadAsync(path, cancellationToken);
        if (stored is null)
        {
            return (0, false, failed, null);
        }

        SnapshotDocument? document;
        try
        {
            document = SnapshotDocumentSerializer.Read(stored.Content.Span);
        }
        catch (JsonException ex)
        {
            HistoryLog.SnapshotUnreadable(logger, path, ex.Message);
            return (stored.Content.Length, false, failed, null);
        }

        if (document is null)
        {
            return (stored.Content.Length, false, failed, null);
        }

        // The slot is the path's, even if a document disagrees, so the day never lists a slot twice.
        var slot = HistoryDayCodec.SlotOf(document) with { At = at };
        return document.IsOk
            ? (stored.Content.Length, true, slot, HistoryDayCodec.StateOf(document))
            : (stored.Content.Length, false, slot, null);
    }

    private async Task<T?> ReadAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var stored = await store.ReadAsync(path, cancellationToken);
        return stored is null ? null : TryParse(path, stored.Content.Span, type);
    }

    private T? TryParse<T>(string path, ReadOnlySpan<byte> content, JsonTypeInfo<T> type)
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
    private async Task<T?> UpdateAsync<T>(string path, JsonTypeInfo<T> type, Func<T?, T?> change, CancellationToken cancellationToken)
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
}
