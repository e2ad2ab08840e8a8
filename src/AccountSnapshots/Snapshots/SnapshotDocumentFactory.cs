using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The build step of a run: the immutable document from one fetch, with the totals computed from the accounts and the
/// findings read from the data (invalid exchange keys, totals that disagree with the upstream's own).
/// </summary>
internal static class SnapshotDocumentFactory
{
    public static SnapshotDocument Create(
        SnapshotSlot slot, DateTimeOffset startedAt, DateTimeOffset completedAt, SourceFetchResult fetch, IReadOnlyDictionary<string, string?> secretVersions)
    {
        var succeeded = fetch.Succeeded;
        var totals = succeeded ? TotalsCalculator.Compute(fetch.Source, fetch.Accounts) : [];
        return new SnapshotDocument
        {
            Source = fetch.Source,
            Slot = slot.At,
            Trigger = slot.Trigger == SnapshotTrigger.Schedule ? "schedule" : "manual",
            StartedAt = startedAt,
            CompletedAt = completedAt,
            Status = succeeded ? SnapshotDocument.StatusOk : SnapshotDocument.StatusFailed,
            Error = fetch.Error,
            Accounts = succeeded ? fetch.Accounts : [],
            Totals = totals,
            UpstreamTotals = fetch.UpstreamTotals,
            Findings = succeeded ? Findings(fetch, totals) : [],
            Requests = fetch.Requests,
            Retries = fetch.Retries,
            CorrelationIds = fetch.CorrelationIds,
            SecretVersions = secretVersions,
            Raw = fetch.RawPages,
        };
    }

    private static List<AlertRecord> Findings(SourceFetchResult fetch, IReadOnlyList<TotalRecord> totals)
    {
        var keyAlerts = fetch.Accounts
            .Where(a => a.NeedsAttention)
            .Select(a => new AlertRecord
            {
                Kind = AlertKinds.ExchangeApiKeyInvalid,
                Source = fetch.Source,
                AccountId = a.Id,
                AccountName = a.Name,
                Exchange = a.Exchange,
                State = a.ApiKey?.State ?? "invalid",
            });
        return [.. keyAlerts, .. TotalsCalculator.FindMismatches(fetch.Source, totals, fetch.UpstreamTotals)];
    }
}
