using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Secrets;
using AccountSnapshots.Storage;
using AccountSnapshots.Telemetry;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The one runner every host calls: fetch one source, store its immutable snapshot, fold it into the aggregate, and
/// emit the events and metrics alerts key on. Sources are independent: each run has its own timeout and one source
/// failing never blocks or hides the other.
/// </summary>
public sealed class SnapshotRunner
{
    // Long enough for the aggregate and latest writes after the snapshot is stored, short enough to end a shutdown.
    private static readonly TimeSpan s_completionTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, IAccountSource> _sources;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, DateTimeOffset Slot), Task<SnapshotRunResult>> _inFlight = new();
    private readonly CredentialResolver _credentials;
    private readonly ISnapshotStore _store;
    private readonly AggregateUpdater _aggregates;
    private readonly IEnumerable<IAggregateListener> _listeners;
    private readonly IEnumerable<ISnapshotListener> _snapshotListeners;
    private readonly SnapshotMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly SnapshotOptions _options;
    private readonly ILogger<SnapshotRunner> _logger;

    internal SnapshotRunner(
        IEnumerable<IAccountSource> sources,
        CredentialResolver credentials,
        ISnapshotStore store,
        AggregateUpdater aggregates,
        IEnumerable<IAggregateListener> listeners,
        IEnumerable<ISnapshotListener> snapshotListeners,
        SnapshotMetrics metrics,
        TimeProvider timeProvider,
        IOptions<SnapshotOptions> options,
        ILogger<SnapshotRunner> logger)
    {
        _sources = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _credentials = credentials;
        _store = store;
        _aggregates = aggregates;
        _listeners = listeners;
        _snapshotListeners = snapshotListeners;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs every named source at once for the same slot; the results come back in the order asked.</summary>
    public async Task<IReadOnlyList<SnapshotRunResult>> RunAllAsync(IEnumerable<string> sources, SnapshotSlot slot, CancellationToken cancellationToken) =>
        await Task.WhenAll(sources.Select(s => RunAsync(s, slot, cancellationToken)));

    /// <summary>Takes one snapshot of <paramref name="source"/> for <paramref name="slot"/>. Never throws for upstream or storage faults.</summary>
    public async Task<SnapshotRunResult> RunAsync(string source, SnapshotSlot slot, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(source, out var accountSource))
        {
            throw new ArgumentException($"Unknown source '{source}'; expected one of: {string.Join(", ", SourceNames.All)}.", nameof(source));
        }

        // One run per (source, slot) in this process: duplicates wait for it instead of calling the upstream again
        // (3Commas blocks a key for 300 s after a 429 and bans repeat offenders).
        var key = (source, slot.At);
        while (true)
        {
            var leader = new TaskCompletionSource<SnapshotRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var inFlight = _inFlight.GetOrAdd(key, leader.Task);
            if (inFlight != leader.Task)
            {
                if (await JoinAsync(inFlight, source, slot, cancellationToken) is { } joined)
                {
                    return joined;
                }

                // The leader was cancelled before storing anything: this caller still wants the slot, so it runs it.
                continue;
            }

            return await LeadAsync(leader, key, accountSource, source, slot, cancellationToken);
        }
    }

    private async Task<SnapshotRunResult> LeadAsync(
        TaskCompletionSource<SnapshotRunResult> leader,
        (string Source, DateTimeOffset Slot) key,
        IAccountSource accountSource,
        string source,
        SnapshotSlot slot,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunOnceAsync(accountSource, source, slot, cancellationToken);

            // Leave the table before completing, so a later caller never picks up a finished run.
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));
            leader.SetResult(result);
            return result;
        }
        catch (OperationCanceledException ex)
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));

            // A cancelled task never raises UnobservedTaskException when no duplicate was waiting.
            leader.TrySetCanceled(ex.CancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));
            leader.SetException(ex);
            _ = leader.Task.Exception; // observed: the caller gets the exception itself
            throw;
        }
    }

    /// <summary>The leader's outcome for a duplicate caller; null when the leader was cancelled and stored nothing.</summary>
    private async Task<SnapshotRunResult?> JoinAsync(Task<SnapshotRunResult> inFlight, string source, SnapshotSlot slot, CancellationToken cancellationToken)
    {
        var startTimestamp = _timeProvider.GetTimestamp();
        SnapshotRunResult leader;
        try
        {
            leader = await inFlight.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return leader.Status == SnapshotRunStatus.Failed
            ? leader
            : AlreadyTaken(source, slot, SnapshotPaths.Snapshot(source, slot.At), startTimestamp);
    }

    private async Task<SnapshotRunResult> RunOnceAsync(IAccountSource accountSource, string source, SnapshotSlot slot, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var startTimestamp = _timeProvider.GetTimestamp();
        var path = SnapshotPaths.Snapshot(source, slot.At);
        SnapshotLog.SnapshotStarted(_logger, source, slot.At);
        var fetchedAccounts = 0;
        try
        {
            if (await _store.GetPropertiesAsync(path, cancellationToken) is not null)
            {
                // A run that stored its document but was stopped before updating the aggregate is finished here.
                await FoldStoredSnapshotAsync(source, slot, path, interrupted: true, cancellationToken);
                await NotifyStoredAsync(path, cancellationToken);
                return AlreadyTaken(source, slot, path, startTimestamp);
            }

            var (fetch, versions) = await FetchAsync(accountSource, cancellationToken);
            fetchedAccounts = fetch.Accounts.Count;
            var completedAt = _timeProvider.GetUtcNow();
            var outcome = ToOutcome(source, slot, fetch);
            var document = new SnapshotDocument
            {
                Source = source,
                Slot = slot.At,
                Trigger = slot.Trigger == SnapshotTrigger.Schedule ? "schedule" : "manual",
                StartedAt = startedAt,
                CompletedAt = completedAt,
                Status = fetch.Succeeded ? "ok" : "failed",
                Error = fetch.Error,
                Accounts = outcome.Accounts,
                Totals = outcome.Totals,
                UpstreamTotals = fetch.UpstreamTotals,
                Findings = outcome.DataAlerts,
                Requests = fetch.Requests,
                Retries = fetch.Retries,
                CorrelationIds = fetch.CorrelationIds,
                SecretVersions = versions,
                Raw = fetch.RawPages,
            };

            await using var content = await SnapshotDocumentSerializer.SerializeAsync(document, cancellationToken);
            var written = await _store.WriteAsync(path, content, StoreCondition.IfAbsent, cancellationToken);
            if (!written.Written)
            {
                // Another process stored this slot first (or a Blob retry met our own earlier write): make sure the
                // stored document reaches the aggregate; merging it twice changes nothing.
                await FoldStoredSnapshotAsync(source, slot, path, interrupted: false, cancellationToken);
                return AlreadyTaken(source, slot, path, startTimestamp);
            }

            // The snapshot is stored: finish the aggregate and latest copy even if the caller is cancelled now
            // (Ctrl+C, SIGTERM), so a stored document is never left out of the aggregate. Bounded, not endless.
            using var completion = new CancellationTokenSource(s_completionTimeout, _timeProvider);
            var update = await _aggregates.UpdateAsync(outcome, completion.Token);
            if (fetch.Succeeded && update.Merge.DataReplaced)
            {
                content.Position = 0;
                await _store.WriteAsync(SnapshotPaths.Latest(source), content, StoreCondition.None, completion.Token);
            }

            Publish(update);
            foreach (var listener in _snapshotListeners)
            {
                await listener.OnSnapshotStoredAsync(document, completion.Token);
            }

            var sourceAlerts = update.Merge.Document.Alerts.Where(a => a.Source == source).ToList();
            return Finish(source, slot, path, fetch, outcome, update.Merge.RecoveredAccounts, sourceAlerts, startTimestamp);
        }
        catch (SnapshotStoreException ex)
        {
            var error = new SourceError(UpstreamErrorKind.Unavailable, $"{source}: snapshot storage failed: {ex.Message}")
            {
                ServedMessage = $"{source}: snapshot storage failed (the store and path are in the log)",
            };
            return Failed(source, slot, path, error, 0, startTimestamp, fetchedAccounts);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var error = new SourceError(UpstreamErrorKind.Unavailable, $"{source}: snapshot storage did not finish the aggregate update within {s_completionTimeout.TotalSeconds:0} s; the snapshot is stored and the aggregate catches up on the next successful run");
            return Failed(source, slot, path, error, 0, startTimestamp, fetchedAccounts);
        }
    }

    private async Task FoldStoredSnapshotAsync(string source, SnapshotSlot slot, string path, bool interrupted, CancellationToken cancellationToken)
    {
        var folded = await _aggregates.FoldStoredSnapshotAsync(source, slot.At, path, cancellationToken);
        if (folded is null)
        {
            return;
        }

        if (interrupted)
        {
            SnapshotLog.SnapshotFolded(_logger, source, slot.At);
        }
        else
        {
            // Usually another process won the create-only write and has not merged yet: expected, not a warning.
            SnapshotLog.SnapshotFoldedAfterRace(_logger, source, slot.At);
        }
        if (folded.Value.Update.Merge.DataReplaced && folded.Value.Succeeded)
        {
            using var content = new MemoryStream(folded.Value.Document.ToArray(), writable: false);
            await _store.WriteAsync(SnapshotPaths.Latest(source), content, StoreCondition.None, cancellationToken);
        }

        Publish(folded.Value.Update);
    }

    // The interrupted run may also have stopped before its listeners (the history index) heard of the document; they
    // are idempotent, so telling them again is safe. Whether or not the aggregate needed the fold.
    private async Task NotifyStoredAsync(string path, CancellationToken cancellationToken)
    {
        var stored = await _store.ReadAsync(path, cancellationToken);
        SnapshotDocument? document;
        try
        {
            document = stored is null ? null : SnapshotDocumentSerializer.Read(stored.Content.Span);
        }
        catch (JsonException)
        {
            return; // The fold has logged it; a reindex counts the slot as failed.
        }

        if (document is null)
        {
            return;
        }

        foreach (var listener in _snapshotListeners)
        {
            await listener.OnSnapshotStoredAsync(document, cancellationToken);
        }
    }

    private void Publish(AggregateUpdate update)
    {
        foreach (var listener in _listeners)
        {
            listener.OnAggregateWritten(update);
        }
    }

    private async Task<(SourceFetchResult Fetch, IReadOnlyDictionary<string, string?> Versions)> FetchAsync(IAccountSource source, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.SourceTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        SourceCredentials credentials;
        try
        {
            credentials = await _credentials.GetAsync(source.Name, linked.Token);
            var fetch = await source.FetchAsync(credentials, linked.Token);
            if (fetch.Error is { Kind: UpstreamErrorKind.CredentialsRejected })
            {
                // A rotated secret must work without a restart: re-read once and retry only if a version changed.
                var fresh = await _credentials.RefreshAsync(source.Name, credentials, linked.Token);
                if (fresh is not null)
                {
                    credentials = fresh;
                    var retried = await source.FetchAsync(fresh, linked.Token);

                    // The run record keeps both attempts: every request made and every page received.
                    fetch = new SourceFetchResult
                    {
                        Source = retried.Source,
                        Accounts = retried.Accounts,
                        UpstreamTotals = retried.UpstreamTotals,
                        Error = retried.Error,
                        RawPages = [.. fetch.RawPages, .. retried.RawPages],
                        Requests = fetch.Requests + retried.Requests,
                        Retries = fetch.Retries + retried.Retries,
                        CorrelationIds = [.. fetch.CorrelationIds, .. retried.CorrelationIds],
                    };
                }
            }

            return (fetch, credentials.Versions);
        }
        catch (SecretUnavailableException ex)
        {
            var kind = ex.Failure == SecretFailure.Unreachable ? UpstreamErrorKind.Unavailable : UpstreamErrorKind.Configuration;
            var error = new SourceError(kind, $"{source.Name}: {ex.Message}") { ServedMessage = ServedSecretMessage(source.Name, ex.Failure) };
            return (new SourceFetchResult { Source = source.Name, Error = error }, new Dictionary<string, string?>());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new SourceError(UpstreamErrorKind.Unavailable, $"{source.Name}: unavailable: the run did not finish within Snapshots:SourceTimeout ({_options.SourceTimeout})");
            return (new SourceFetchResult { Source = source.Name, Error = error }, new Dictionary<string, string?>());
        }
    }

    // The vault, the secret names and the setting names stay in the snapshot document and the log.
    private static string ServedSecretMessage(string source, SecretFailure failure) => failure switch
    {
        SecretFailure.Missing => $"{source}: configuration: a credential for this source is not set in the secret store (details in the snapshot document and the log)",
        SecretFailure.Forbidden => $"{source}: configuration: the secret store refused to give out a credential for this source (details in the snapshot document and the log)",
        _ => $"{source}: unavailable: the secret store could not be reached for this source's credentials (details in the snapshot document and the log)",
    };

    private static SourceRunOutcome ToOutcome(string source, SnapshotSlot slot, SourceFetchResult fetch)
    {
        if (!fetch.Succeeded)
        {
            return new SourceRunOutcome { Source = source, Slot = slot.At, Error = fetch.Error };
        }

        var totals = TotalsCalculator.Compute(source, fetch.Accounts);
        var keyAlerts = fetch.Accounts
            .Where(a => a.NeedsAttention)
            .Select(a => new AlertRecord
            {
                Kind = AlertKinds.ExchangeApiKeyInvalid,
                Source = source,
                AccountId = a.Id,
                AccountName = a.Name,
                Exchange = a.Exchange,
                State = a.ApiKey?.State ?? "invalid",
            });
        var alerts = keyAlerts.Concat(TotalsCalculator.FindMismatches(source, totals, fetch.UpstreamTotals)).ToList();
        return new SourceRunOutcome { Source = source, Slot = slot.At, Accounts = fetch.Accounts, Totals = totals, DataAlerts = alerts };
    }

    private SnapshotRunResult Finish(
        string source,
        SnapshotSlot slot,
        string path,
        SourceFetchResult fetch,
        SourceRunOutcome outcome,
        IReadOnlyList<AccountRecord> recovered,
        IReadOnlyList<AlertRecord> alerts,
        long startTimestamp)
    {
        foreach (var alert in outcome.DataAlerts.Where(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid))
        {
            SnapshotLog.ExchangeApiKeyInvalid(_logger, source, alert.AccountId!, alert.AccountName, alert.Exchange, alert.State!);
        }

        foreach (var account in recovered)
        {
            SnapshotLog.ExchangeApiKeyRecovered(_logger, source, account.Id, account.Name, account.Exchange);
        }

        if (fetch.Succeeded)
        {
            _metrics.RecordInvalidExchangeKeys(source, outcome.DataAlerts.Count(a => a.Kind == AlertKinds.ExchangeApiKeyInvalid));
            var duration = _timeProvider.GetElapsedTime(startTimestamp);
            SnapshotLog.SnapshotSucceeded(_logger, source, slot.At, fetch.Accounts.Count, (long)duration.TotalMilliseconds);
            _metrics.RecordRun(source, "succeeded", duration);
            return new SnapshotRunResult
            {
                Source = source,
                Slot = slot,
                Status = SnapshotRunStatus.Succeeded,
                Accounts = fetch.Accounts.Count,
                Duration = duration,
                Alerts = alerts,
                SnapshotPath = path,
                Requests = fetch.Requests,
            };
        }

        return Failed(source, slot, path, fetch.Error!, fetch.Requests, startTimestamp, 0, alerts);
    }

    private SnapshotRunResult Failed(string source, SnapshotSlot slot, string? path, SourceError error, int requests, long startTimestamp, int accounts, IReadOnlyList<AlertRecord>? alerts = null)
    {
        var duration = _timeProvider.GetElapsedTime(startTimestamp);
        if (error.Kind == UpstreamErrorKind.CredentialsRejected)
        {
            SnapshotLog.CredentialsRejected(_logger, source, error.HttpStatus, error.ErrorCode);
        }

        SnapshotLog.SnapshotFailed(_logger, source, slot.At, accounts, UpstreamFailures.KindName(error.Kind), error.HttpStatus, (long)duration.TotalMilliseconds, error.Message);
        _metrics.RecordRun(source, "failed", duration);
        return new SnapshotRunResult
        {
            Source = source,
            Slot = slot,
            Status = SnapshotRunStatus.Failed,
            Duration = duration,
            Error = error,
            Alerts = alerts ?? [],
            SnapshotPath = path,
            Requests = requests,
        };
    }

    private SnapshotRunResult AlreadyTaken(string source, SnapshotSlot slot, string path, long startTimestamp)
    {
        var duration = _timeProvider.GetElapsedTime(startTimestamp);
        SnapshotLog.SnapshotAlreadyTaken(_logger, source, slot.At);
        _metrics.RecordRun(source, "alreadyTaken", duration);
        return new SnapshotRunResult { Source = source, Slot = slot, Status = SnapshotRunStatus.AlreadyTaken, Duration = duration, SnapshotPath = path };
    }
}
