using AccountSnapshots.History;
using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Events;

/// <summary>
/// The rows of the event timeline, built from index slots and findings: the wording of each kind's title and detail,
/// and which findings are conditions that stay open (one per key) until a successful slot no longer reports them.
/// </summary>
internal static class EventRows
{
    /// <summary>The keys of the open conditions a successful slot reports.</summary>
    public static IEnumerable<string> ConditionKeys(HistoryTotalsSlot slot) => (slot.Findings ?? []).Select(Key).OfType<string>();

    // One open period per exchange key (account) and per mismatching asset and network.
    public static string? Key(AlertRecord finding) => finding.Kind switch
    {
        AlertKinds.ExchangeApiKeyInvalid => "k|" + finding.AccountId,
        AlertKinds.TotalsMismatch => "m|" + finding.Asset + "|" + finding.Network,
        _ => null,
    };

    /// <summary>An open condition (key invalid, totals mismatch) first seen at <paramref name="at"/>.</summary>
    public static EventRow Condition(string source, DateTimeOffset at, AlertRecord finding)
    {
        if (finding.Kind == AlertKinds.ExchangeApiKeyInvalid)
        {
            var name = finding.AccountName ?? finding.AccountId;
            return new EventRow(
                at, null, EventKinds.ExchangeApiKeyInvalid, source, finding.AccountId,
                $"Exchange API key invalid: {name}",
                $"{source} account {name} ({finding.AccountId}) on {finding.Exchange ?? "an unknown exchange"}: api_keys_state {finding.State ?? "invalid"}; the balances of this account are not current until the key is replaced in 3Commas.",
                Tags(EventKinds.ExchangeApiKeyInvalid, source, finding.Exchange),
                finding.Exchange, finding.State ?? "invalid", null, null);
        }

        var line = finding.Asset + (finding.Network is null ? "" : " on " + finding.Network);
        return new EventRow(
            at, null, EventKinds.TotalsMismatch, source, null,
            $"Totals mismatch: {source} {line}",
            finding.Message ?? $"{source} reported totals that disagree with the per-account sums for {line}.",
            Tags(EventKinds.TotalsMismatch, source, null),
            null, null, null, null);
    }

    /// <summary>A failed slot: a point event.</summary>
    public static EventRow Failed(string source, HistoryTotalsSlot slot)
    {
        var error = Served(slot);
        var kind = error is null ? null : UpstreamFailures.KindName(error.Kind);
        return new EventRow(
            slot.At, slot.At, EventKinds.SnapshotFailed, source, null,
            $"Snapshot failed: {source} ({kind ?? "unreadable"})",
            error?.Message ?? $"{source}: the stored snapshot of this slot is missing or unreadable.",
            Tags(EventKinds.SnapshotFailed, source, null),
            null, null, kind, error?.HttpStatus);
    }

    /// <summary>Credentials refused from this slot on; open until a slot succeeds.</summary>
    public static EventRow Rejected(string source, HistoryTotalsSlot slot)
    {
        var error = Served(slot);
        return new(
            slot.At, null, EventKinds.CredentialsRejected, source, null,
            $"Credentials rejected: {source}",
            $"{source} refused our API credentials{(error?.HttpStatus is { } status ? $" (HTTP {status})" : "")}; no snapshot succeeds until the secret is fixed. {error?.Message}".TrimEnd(),
            Tags(EventKinds.CredentialsRejected, source, null),
            null, null, UpstreamFailures.KindName(UpstreamErrorKind.CredentialsRejected), error?.HttpStatus);
    }

    // Index files written before the index kept only the served message still hold the full one: serve it redacted.
    private static SourceError? Served(HistoryTotalsSlot slot) => slot.Error?.ForServing();

    /// <summary>No successful slot for longer than <paramref name="after"/>, from <paramref name="time"/> to <paramref name="end"/>.</summary>
    public static EventRow Stale(string source, DateTimeOffset time, DateTimeOffset? end, TimeSpan after) => new(
        time, end, EventKinds.SourceStale, source, null,
        $"Source stale: {source}",
        $"{source} had no successful snapshot for more than {after.TotalMinutes:0} minutes (two schedule intervals).",
        Tags(EventKinds.SourceStale, source, null),
        null, null, null, null);

    private static IReadOnlyList<string> Tags(string kind, string source, string? exchange) =>
        exchange is null ? [kind, source] : [kind, source, exchange];
}
