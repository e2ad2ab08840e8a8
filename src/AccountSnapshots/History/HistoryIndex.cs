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
internal sealed class HistoryIndex(ISnapshotStore store, TimeProvider timeProvider, ILogger<HistoryIndex> logger)
{
    /// <summary>
    /// How long after a UTC day ends its snapshots are taken to be all stored (a run stores its slot within minutes; the
    /// history route caches ranges that ended this long ago for a day on the same assumption).
    /// </summary>
    internal static readonly TimeSpan SettledAfter = TimeSpan.FromHours(1);

    private readonly HistoryDayStore _days = new(store, logger);
    private readonly HistorySnapshotReader _snapshots = new(store, logger);

    /// <summary>Adds one stored snapshot (successful or failed) to its day's totals and accounts objects.</summary>
    public async Task AddAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ok = document.IsOk;
        var day = HistoryPaths.DayOf(document.Slot);
        var slot = HistoryEntries.SlotOf(document);
        var state = ok ? HistoryEntries.StateOf(document) : null;
        await _days.UpdateAsync(
            HistoryPaths.Totals(document.Source, day),
            AccountSnapshotsJsonContext.Default.HistoryTotalsDay,
            current => HistoryDayCodec.AddTotals(current, document.Source, slot),
            cancellationToken);
        await _days.UpdateAsync(
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
            await foreach (var at in _snapshots.ListSlotsAsync($"snapshots/{source}/", cancellationToken))
            {
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
                    var (length, ok, slot, state) = await _snapshots.ReadSlotAsync(source, at, cancellationToken);
                    snapshots++;
                    bytes += length;
                    totals = HistoryDayCodec.AddTotals(totals, source, slot) ?? totals;
                    accounts = HistoryDayCodec.AddAccounts(accounts, source, at, ok, state) ?? accounts;
                }

                // Replaces the stored day with the rebuilt one, plus any slot only the stored copy has (a live run's).
                await _days.UpdateAsync(HistoryPaths.Totals(source, day), AccountSnapshotsJsonContext.Default.HistoryTotalsDay,
                    current => current is null ? totals : HistoryDayCodec.Merge(totals!, current) ?? totals, cancellationToken);
                await _days.UpdateAsync(HistoryPaths.Accounts(source, day), AccountSnapshotsJsonContext.Default.HistoryAccountsDay,
                    current => current is null ? accounts : HistoryDayCodec.Merge(accounts!, current) ?? accounts, cancellationToken);
                written += 2;
                HistoryLog.Reindexed(logger, source, day, slots.Count);
            }
        }

        return new HistoryReindexSummary(snapshots, bytes, written, timeProvider.GetElapsedTime(started));
    }

    /// <summary>The typed part of a stored snapshot; null when missing or unreadable (logged).</summary>
    public Task<SnapshotDocument?> ReadSnapshotDocumentAsync(string source, DateTimeOffset at, CancellationToken cancellationToken) =>
        _snapshots.ReadDocumentAsync(source, at, cancellationToken);

    /// <summary>
    /// The day's index, completed from <c>snapshots/</c> when it lacks a listed slot (logged; written back
    /// conditionally, and still answered from the snapshots when the write fails). A settled day whose
    /// <c>totals.json</c> a listing already verified is read directly: no listing, one object (two with accounts).
    /// </summary>
    public async Task<HistoryDay> ReadDayAsync(string source, DateOnly day, bool accounts, CancellationToken cancellationToken)
    {
        var totalsPath = HistoryPaths.Totals(source, day);
        var accountsPath = HistoryPaths.Accounts(source, day);
        var totalsStored = await store.ReadAsync(totalsPath, cancellationToken);
        var totals = totalsStored is null ? null : _days.TryParse(totalsPath, totalsStored.Content.Span, AccountSnapshotsJsonContext.Default.HistoryTotalsDay);
        var accountsDay = accounts ? await _days.ReadAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, cancellationToken) : null;

        // A verified day is complete, so its own slots are the reference: accounts.json must still list each of them.
        var settledAt = SettledAt(day);
        var verified = totals?.VerifiedAt is { } verifiedAt && verifiedAt >= settledAt;
        var listed = verified ? [.. totals!.Slots.Select(s => s.At)] : await _snapshots.ListSlotsAsync(HistoryPaths.SnapshotDay(source, day), cancellationToken).ToListAsync(cancellationToken);
        var inTotals = verified ? null : SlotsOf(totals?.Slots.Select(s => s.At));
        var inAccounts = accounts ? SlotsOf(accountsDay?.Slots.Select(s => s.At)) : null;
        var missing = listed.Where(at => (inTotals is not null && !inTotals.Contains(at)) || (inAccounts is not null && !inAccounts.Contains(at))).ToList();
        if (missing.Count == 0)
        {
            if (!verified && totalsStored is not null && timeProvider.GetUtcNow() >= settledAt)
            {
                totals = await _days.TryMarkVerifiedAsync(totalsPath, totals!, totalsStored.ETag, timeProvider.GetUtcNow(), cancellationToken);
            }

            return new HistoryDay(source, day, totals ?? EmptyTotals(source), accounts ? accountsDay ?? EmptyAccounts(source) : null);
        }

        HistoryLog.IndexBehind(logger, source, day, missing.Count, totals is null);
        if (!accounts)
        {
            accountsDay = await _days.ReadAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, cancellationToken);
        }

        foreach (var at in listed.Where(at => !Lists(totals, at) || !Lists(accountsDay, at)).Order())
        {
            var (_, ok, slot, state) = await _snapshots.ReadSlotAsync(source, at, cancellationToken);
            totals = HistoryDayCodec.AddTotals(totals, source, slot) ?? totals;
            accountsDay = HistoryDayCodec.AddAccounts(accountsDay, source, at, ok, state) ?? accountsDay;
        }

        totals = await _days.SaveMergedAsync(totalsPath, AccountSnapshotsJsonContext.Default.HistoryTotalsDay, totals!, HistoryDayCodec.Merge, cancellationToken);
        accountsDay = await _days.SaveMergedAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, accountsDay!, HistoryDayCodec.Merge, cancellationToken);
        return new HistoryDay(source, day, totals, accounts ? accountsDay : null);
    }

    private static DateTimeOffset SettledAt(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + SettledAfter;

    private static HashSet<DateTimeOffset> SlotsOf(IEnumerable<DateTimeOffset>? slots) => slots is null ? [] : [.. slots];

    private static bool Lists(HistoryTotalsDay? day, DateTimeOffset at) => day is not null && day.Slots.Any(s => s.At == at);

    private static bool Lists(HistoryAccountsDay? day, DateTimeOffset at) => day is not null && day.Slots.Any(s => s.At == at);

    private static HistoryTotalsDay EmptyTotals(string source) => new() { Source = source, Slots = [] };

    private static HistoryAccountsDay EmptyAccounts(string source) => new() { Source = source, Series = [], Slots = [] };
}
