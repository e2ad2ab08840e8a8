using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Folds one source's run into the aggregate. Pure: the same inputs give the same document, so a lost
/// optimistic-concurrency race is resolved by merging again into the newer copy. A failed run never removes data:
/// the source's last good accounts stay and its status says <c>stale</c> (or <c>failed</c> when there never was any).
/// A run for an older slot than the data already served never replaces it.
/// </summary>
internal static class AggregateMerger
{
    public static AggregateDocument Empty(DateTimeOffset now) => new()
    {
        GeneratedAt = now,
        Sources = [.. SourceNames.All.Select(Never)],
        Accounts = [],
        Totals = [],
        Alerts = [],
    };

    public static AggregateMergeResult Merge(AggregateDocument? current, SourceRunOutcome outcome, DateTimeOffset now)
    {
        current ??= Empty(now);
        var source = outcome.Source;
        var existing = current.Sources.FirstOrDefault(s => s.Source == source) ?? Never(source);
        var isLatestAttempt = existing.LastAttemptAt is null || outcome.Slot >= existing.LastAttemptAt;
        var replacesData = outcome.Error is null && (existing.SnapshotAt is null || outcome.Slot >= existing.SnapshotAt);

        var status = existing;
        if (isLatestAttempt)
        {
            status = outcome.Error is null
                ? existing with { Status = SourceStatusValues.Ok, LastAttemptAt = outcome.Slot, LastError = null }
                : existing with
                {
                    Status = existing.SnapshotAt is null ? SourceStatusValues.Failed : SourceStatusValues.Stale,
                    LastAttemptAt = outcome.Slot,
                    // Served to API users: never the Key Vault URI, secret names or store paths (issue 16).
                    LastError = outcome.Error.ForServing(),
                };
        }

        var accounts = current.Accounts.Where(a => a.Source == source).ToList();
        var totals = current.Totals.Where(t => t.Source == source).ToList();
        var dataAlerts = current.Alerts.Where(a => a.Source == source && a.Kind != AlertKinds.CredentialsRejected).ToList();
        IReadOnlyList<AccountRecord> recovered = [];
        if (replacesData)
        {
            var stillFlagged = outcome.DataAlerts
                .Where(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid)
                .Select(a => a.AccountId)
                .ToHashSet(StringComparer.Ordinal);
            var wasFlagged = dataAlerts
                .Where(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid && !stillFlagged.Contains(a.AccountId))
                .Select(a => a.AccountId)
                .ToHashSet(StringComparer.Ordinal);
            recovered = [.. outcome.Accounts.Where(a => wasFlagged.Contains(a.Id))];
            accounts = [.. outcome.Accounts];
            totals = [.. outcome.Totals];
            dataAlerts = [.. outcome.DataAlerts];
            // Older good data folded in after a later failed attempt: the source has data now, so it is stale, not failed.
            status = status with
            {
                Status = status.Status == SourceStatusValues.Failed ? SourceStatusValues.Stale : status.Status,
                SnapshotAt = outcome.Slot,
                AccountCount = outcome.Accounts.Count,
            };
        }

        var attemptAlerts = status.LastError is { Kind: UpstreamErrorKind.CredentialsRejected } rejected
            ? new[] { new AlertRecord { Kind = AlertKinds.CredentialsRejected, Source = source, HttpStatus = rejected.HttpStatus, ErrorCode = rejected.ErrorCode, Message = rejected.Message } }
            : [];

        var document = new AggregateDocument
        {
            GeneratedAt = now,
            Sources = [.. Ordered(current.Sources.Where(s => s.Source != source).Append(status).Concat(MissingSources(current, source)), s => s.Source)],
            Accounts = [.. Ordered(current.Accounts.Where(a => a.Source != source).Concat(accounts), a => a.Source)],
            Totals = [.. Ordered(current.Totals.Where(t => t.Source != source).Concat(totals), t => t.Source)],
            Alerts = [.. Ordered(current.Alerts.Where(a => a.Source != source).Concat(attemptAlerts).Concat(dataAlerts), a => a.Source)],
        };
        return new AggregateMergeResult(document, replacesData, recovered);
    }

    // A document written before a source existed still lists every known source.
    private static IEnumerable<SourceStatus> MissingSources(AggregateDocument current, string merged) =>
        SourceNames.All.Where(s => s != merged && current.Sources.All(c => c.Source != s)).Select(Never);

    private static SourceStatus Never(string source) => new() { Source = source, Status = SourceStatusValues.Never };

    // Stable: keeps each source's own order, groups sources in the documented order, unknown sources last.
    private static IEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, string> sourceOf) =>
        items.OrderBy(i => IndexOf(sourceOf(i)));

    private static int IndexOf(string source)
    {
        var index = SourceNames.All.ToList().IndexOf(source);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>
    /// When a version written at <paramref name="now"/> over <paramref name="previous"/> says it was generated: never at
    /// or before the version it replaces, so generatedAt orders stored versions (each write is conditional on the one
    /// before) even when another instance's clock runs a little ahead. A clock more than five minutes ahead is not
    /// followed: the time stays this writer's rather than being pinned to a wrong future.
    /// </summary>
    public static DateTimeOffset NextGeneratedAt(DateTimeOffset now, DateTimeOffset? previous) =>
        previous is { } last && now <= last && last - now < TimeSpan.FromMinutes(5) ? last.AddTicks(1) : now;
}
