using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Events;

/// <summary>
/// Derives the event timeline from the history index (each slot's status, error and findings), so it covers every
/// range the store holds. Periods are found by walking slots forward per source; the walk starts far enough before
/// <c>from</c> to find the start of anything still open then, and runs past <c>to</c> until what is open closes.
/// </summary>
public sealed class EventsService
{
    /// <summary>How far before <c>from</c> the start of an open event is looked for, and after <c>to</c> its end.</summary>
    public const int LookDays = 31;

    private readonly HistoryIndex _index;
    private readonly ISnapshotStore _store;
    private readonly SnapshotSchedules _schedules;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal EventsService(HistoryIndex index, ISnapshotStore store, SnapshotSchedules schedules, TimeProvider timeProvider, ILogger<EventsService> logger)
    {
        _index = index;
        _store = store;
        _schedules = schedules;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Events overlapping the query's range, sorted by time, then kind, source and account.</summary>
    public async Task<IReadOnlyList<EventRow>> ReadAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = _timeProvider.GetUtcNow();
        var events = new List<EventRow>();
        var lookBack = new HistoryLookBack(_index, _store);
        foreach (var source in SourceNames.All.Where(s => query.Sources.Count == 0 || query.Sources.Contains(s, StringComparer.Ordinal)))
        {
            var days = new EventSourceDays(_index, source, _logger);
            var start = await FindStartDayAsync(source, query.From, lookBack, days, cancellationToken);
            await WalkAsync(source, start, query, now, days, events, cancellationToken);
        }

        return [.. events
            .Where(e => Overlaps(e, query.From, query.To) && (query.Kinds.Count == 0 || query.Kinds.Contains(e.Kind, StringComparer.Ordinal)))
            .OrderBy(e => e.Time)
            .ThenBy(e => e.Kind, StringComparer.Ordinal)
            .ThenBy(e => e.Source, StringComparer.Ordinal)
            .ThenBy(e => e.AccountId, StringComparer.Ordinal)];
    }

    // A point event belongs to the range that holds it; a period to every range it overlaps.
    private static bool Overlaps(EventRow e, DateTimeOffset from, DateTimeOffset to) =>
        e.TimeEnd == e.Time ? e.Time >= from && e.Time < to : e.Time < to && (e.TimeEnd is null || e.TimeEnd > from);

    /// <summary>
    /// The first day the forward walk must read: back from <paramref name="from"/> through successful slots until
    /// every condition open in the last one before <paramref name="from"/> is seen absent (its start is then known).
    /// The walk ends at the source's earliest indexed day (nothing is open before it), else <see cref="LookDays"/> back.
    /// </summary>
    private static async Task<DateOnly> FindStartDayAsync(string source, DateTimeOffset from, HistoryLookBack lookBack, EventSourceDays days, CancellationToken cancellationToken)
    {
        HashSet<string>? open = null;
        var start = HistoryPaths.DayOf(from);
        await foreach (var day in lookBack.DaysAsync(source, start, LookDays + 1, cancellationToken))
        {
            start = day;
            foreach (var slot in (await days.ReadAsync(day, cancellationToken)).Where(s => s.Ok && s.At < from).Reverse())
            {
                var keys = EventRows.ConditionKeys(slot).ToHashSet(StringComparer.Ordinal);
                if (open is null)
                {
                    open = keys;
                }
                else
                {
                    open.IntersectWith(keys);
                }

                if (open.Count == 0)
                {
                    return day;
                }
            }
        }

        return start;
    }

    private async Task WalkAsync(
        string source,
        DateOnly start,
        EventQuery query,
        DateTimeOffset now,
        EventSourceDays days,
        List<EventRow> events,
        CancellationToken cancellationToken)
    {
        var staleAfter = _schedules.GetInterval(source) * 2;
        var lastDay = HistoryPaths.DayOf(query.To.AddTicks(-1));
        var stopDay = HistoryPaths.DayOf(now) < lastDay.AddDays(LookDays) ? HistoryPaths.DayOf(now) : lastDay.AddDays(LookDays);
        var conditions = new Dictionary<string, EventRow>(StringComparer.Ordinal);
        EventRow? rejected = null;
        DateTimeOffset? lastOk = null;
        var walkedTo = Min(now, EndOf(stopDay));
        for (var day = start; day <= stopDay; day = day.AddDays(1))
        {
            // Past the range only what is open still matters: stop once nothing is.
            if (day > lastDay && conditions.Count == 0 && rejected is null && !(lastOk + staleAfter < query.To))
            {
                break;
            }

            foreach (var slot in await days.ReadAsync(day, cancellationToken))
            {
                if (slot.At > now)
                {
                    break;
                }

                if (!slot.Ok)
                {
                    events.Add(EventRows.Failed(source, slot));
                    if (slot.Error?.Kind == UpstreamErrorKind.CredentialsRejected && rejected is null)
                    {
                        rejected = EventRows.Rejected(source, slot);
                    }

                    continue;
                }

                if (lastOk is { } previous && slot.At - previous > staleAfter)
                {
                    events.Add(EventRows.Stale(source, previous + staleAfter, slot.At, staleAfter));
                }

                lastOk = slot.At;
                if (rejected is not null)
                {
                    events.Add(rejected with { TimeEnd = slot.At });
                    rejected = null;
                }

                var present = (slot.Findings ?? []).Where(f => EventRows.Key(f) is not null).GroupBy(f => EventRows.Key(f)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                foreach (var (key, row) in conditions.Where(p => !present.ContainsKey(p.Key)).ToList())
                {
                    events.Add(row with { TimeEnd = slot.At });
                    conditions.Remove(key);
                }

                foreach (var (key, finding) in present.Where(p => !conditions.ContainsKey(p.Key)))
                {
                    conditions[key] = EventRows.Condition(source, slot.At, finding);
                }
            }
        }

        // Whatever is still open stays open (timeEnd null): it had not ended by the last slot read.
        events.AddRange(conditions.Values);
        if (rejected is not null)
        {
            events.Add(rejected);
        }

        if (lastOk is { } last && last + staleAfter < walkedTo)
        {
            events.Add(EventRows.Stale(source, last + staleAfter, null, staleAfter));
        }
    }

    private static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
