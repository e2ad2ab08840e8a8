using AccountSnapshots.Model;
using AccountSnapshots.Telemetry;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The report step of a run: the events alerts key on (<c>ExchangeApiKeyInvalid</c>, <c>CredentialsRejected</c>, …),
/// the run metrics and the <see cref="SnapshotRunResult"/>, written in one place for every way a run can end.
/// </summary>
internal sealed class SnapshotRunReporter(SnapshotMetrics metrics, TimeProvider timeProvider, ILogger<SnapshotRunner> logger)
{
    public void Started(string source, SnapshotSlot slot) => SnapshotLog.SnapshotStarted(logger, source, slot.At);

    public void Folded(string source, SnapshotSlot slot, bool interrupted)
    {
        if (interrupted)
        {
            SnapshotLog.SnapshotFolded(logger, source, slot.At);
        }
        else
        {
            // Usually another process won the create-only write and has not merged yet: expected, not a warning.
            SnapshotLog.SnapshotFoldedAfterRace(logger, source, slot.At);
        }
    }

    public void Unreadable(RunStart start, string reason) => SnapshotLog.StoredSnapshotUnreadable(logger, start.Source, start.Slot.At, reason);

    /// <summary>A stored and published snapshot: succeeded, or failed with the upstream's error.</summary>
    public SnapshotRunResult Stored(RunStart start, SnapshotDocument document, SnapshotPublication publication)
    {
        foreach (var alert in document.Findings.Where(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid))
        {
            SnapshotLog.ExchangeApiKeyInvalid(logger, start.Source, alert.AccountId!, alert.AccountName, alert.Exchange, alert.State!);
        }

        foreach (var account in publication.RecoveredAccounts)
        {
            SnapshotLog.ExchangeApiKeyRecovered(logger, start.Source, account.Id, account.Name, account.Exchange);
        }

        if (!document.IsOk)
        {
            return Failed(start, document.Error!, document.Requests, accounts: 0, publication.SourceAlerts);
        }

        metrics.RecordInvalidExchangeKeys(start.Source, document.Findings.Count(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid));
        var duration = timeProvider.GetElapsedTime(start.Timestamp);
        SnapshotLog.SnapshotSucceeded(logger, start.Source, start.Slot.At, document.Accounts.Count, (long)duration.TotalMilliseconds);
        metrics.RecordRun(start.Source, "succeeded", duration);
        return new SnapshotRunResult
        {
            Source = start.Source,
            Slot = start.Slot,
            Status = SnapshotRunStatus.Succeeded,
            Accounts = document.Accounts.Count,
            Duration = duration,
            Alerts = publication.SourceAlerts,
            SnapshotPath = start.Path,
            Requests = document.Requests,
        };
    }

    public SnapshotRunResult Failed(RunStart start, SourceError error, int requests, int accounts, IReadOnlyList<AlertRecord>? alerts = null)
    {
        var duration = timeProvider.GetElapsedTime(start.Timestamp);
        if (error.Kind == UpstreamErrorKind.CredentialsRejected)
        {
            SnapshotLog.CredentialsRejected(logger, start.Source, error.HttpStatus, error.ErrorCode);
        }

        SnapshotLog.SnapshotFailed(logger, start.Source, start.Slot.At, accounts, UpstreamFailures.KindName(error.Kind), error.HttpStatus, (long)duration.TotalMilliseconds, error.Message);
        metrics.RecordRun(start.Source, "failed", duration);
        return new SnapshotRunResult
        {
            Source = start.Source,
            Slot = start.Slot,
            Status = SnapshotRunStatus.Failed,
            Duration = duration,
            Error = error,
            Alerts = alerts ?? [],
            SnapshotPath = start.Path,
            Requests = requests,
        };
    }

    /// <summary>The store failed: the full message for the log and document, a served one without the store's names.</summary>
    public SnapshotRunResult StorageFailed(RunStart start, string message, int accounts)
    {
        var error = new SourceError(UpstreamErrorKind.Unavailable, $"{start.Source}: snapshot storage failed: {message}")
        {
            ServedMessage = $"{start.Source}: snapshot storage failed (the store and path are in the log)",
        };
        return Failed(start, error, requests: 0, accounts);
    }

    /// <summary>The snapshot is stored but publishing it did not finish within <paramref name="timeout"/>.</summary>
    public SnapshotRunResult PublishTimedOut(RunStart start, TimeSpan timeout, int accounts) =>
        Failed(start, new SourceError(UpstreamErrorKind.Unavailable, $"{start.Source}: snapshot storage did not finish the aggregate update within {timeout.TotalSeconds:0} s; the snapshot is stored and the aggregate catches up on the next successful run"), requests: 0, accounts);

    public SnapshotRunResult AlreadyTaken(RunStart start)
    {
        var duration = timeProvider.GetElapsedTime(start.Timestamp);
        SnapshotLog.SnapshotAlreadyTaken(logger, start.Source, start.Slot.At);
        metrics.RecordRun(start.Source, "alreadyTaken", duration);
        return new SnapshotRunResult { Source = start.Source, Slot = start.Slot, Status = SnapshotRunStatus.AlreadyTaken, Duration = duration, SnapshotPath = start.Path };
    }

    /// <summary>Where and when a run began: what every way of ending it reports.</summary>
    internal readonly record struct RunStart(string Source, SnapshotSlot Slot, string Path, long Timestamp);
}
