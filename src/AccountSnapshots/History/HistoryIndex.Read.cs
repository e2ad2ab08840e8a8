using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AccountSnapshots.Serialization;
using AccountSnapshots.Storage;

namespace AccountSnapshots.History;

/// <summary>The read path: one day of one source as a query uses it.</summary>
internal sealed partial class HistoryIndex
{
    /// <summary>
    /// How long after a UTC day ends its snapshots are taken to be all stored (a run stores its slot within minutes; the
    /// history route caches ranges that ended this long ago for a day on the same assumption).
    /// </summary>
    internal static readonly TimeSpan SettledAfter = TimeSpan.FromHours(1);

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
        var totals = totalsStored is null ? null : TryParse(totalsPath, totalsStored.Content.Span, AccountSnapshotsJsonContext.Default.HistoryTotalsDay);
        var accountsDay = accounts ? await ReadAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, cancellationToken) : null;

        // A verified day is complete, so its own slots are the reference: accounts.json must still list each of them.
        var settledAt = SettledAt(day);
        var verified = totals?.VerifiedAt is { } verifiedAt && verifiedAt >= settledAt;
        var listed = verified ? [.. totals!.Slots.Select(s => s.At)] : await ListSlotsAsync(source, day, cancellationToken);
        var inTotals = verified ? null : SlotsOf(totals?.Slots.Select(s => s.At));
        var inAccounts = accounts ? SlotsOf(accountsDay?.Slots.Select(s => s.At)) : null;
        var missing = listed.Where(at => (inTotals is not null && !inTotals.Contains(at)) || (inAccounts is not null && !inAccounts.Contains(at))).ToList();
        if (missing.Count == 0)
        {
            if (!verified && totalsStored is not null && timeProvider.GetUtcNow() >= settledAt)
            {
                totals = await TryVerifyAsync(totalsPath, totals!, totalsStored.ETag, cancellationToken);
            }

            return new HistoryDay(source, day, totals ?? EmptyTotals(source), accounts ? accountsDay ?? EmptyAccounts(source) : null);
        }

        HistoryLog.IndexBehind(logger, source, day, missing.Count, totals is null);
        if (!accounts)
        {
            accountsDay = await ReadAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, cancellationToken);
        }

        foreach (var at in listed.Where(at => !Lists(totals, at) || !Lists(accountsDay, at)).Order())
        {
            var (_, ok, slot, state) = await ReadSnapshotAsync(source, at, cancellationToken);
            totals = HistoryDayCodec.AddTotals(totals, source, slot) ?? totals;
            accountsDay = HistoryDayCodec.AddAccounts(accountsDay, source, at, ok, state) ?? accountsDay;
        }

        totals = await SaveMergedAsync(totalsPath, AccountSnapshotsJsonContext.Default.HistoryTotalsDay, totals!, HistoryDayCodec.Merge, cancellationToken);
        accountsDay = await SaveMergedAsync(accountsPath, AccountSnapshotsJsonContext.Default.HistoryAccountsDay, accountsDay!, HistoryDayCodec.Merge, cancellationToken);
        return new HistoryDay(source, day, totals, accounts ? accountsDay : null);
    }

    private static DateTimeOffset SettledAt(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + SettledAfter;

    private static HashSet<DateTimeOffset> SlotsOf(IEnumerable<DateTimeOffset>? slots) => slots is null ? [] : [.. slots];

    private static bool Lists(HistoryTotalsDay? day, DateTimeOffset at) => day is not null && day.Slots.Any(s => s.At == at);

    private static bool Lists(HistoryAccountsDay? day, DateTimeOffset at) => day is not null && day.Slots.Any(s => s.At == at);

    private static HistoryTotalsDay EmptyTotals(string source) => new() { Source = source, Slots = [] };

    private static HistoryAccountsDay EmptyAccounts(string source) => new() { Source = source, Series = [], Slots = [] };

    private async Task<List<DateTimeOffset>> ListSlotsAsync(string source, DateOnly day, CancellationToken cancellationToken)
    {
        var listed = new List<DateTimeOffset>();
        await foreach (var path in store.ListAsync(HistoryPaths.SnapshotDay(source, day), cancellationToken))
        {
            if (HistoryPaths.SlotOf(path) is { } at)
            {
                listed.Add(at);
            }
        }

        return listed;
    }

    // Records that the listing just made found the stored version complete. Only that exact version is marked
    // (If-Match): a writer that added a slot meanwhile wins, and the next query lists the day again.
    private async Task<HistoryTotalsDay> TryVerifyAsync(string path, HistoryTotalsDay totals, string eTag, CancellationToken cancellationToken)
    {
        var verified = totals with { VerifiedAt = timeProvider.GetUtcNow() };
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

    // Our copy merged with whatever is stored now; when the write fails the in-memory copy still answers the query.
    private async Task<T> SaveMergedAsync<T>(string path, JsonTypeInfo<T> type, T ours, Func<T, T, T?> merge, CancellationToken cancellationToken)
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
}
