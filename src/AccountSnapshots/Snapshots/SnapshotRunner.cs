using System.Text.Json;
using AccountSnapshots.Concurrency;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Snapshots.SnapshotRunReporter;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The one runner every host calls: fetch one source, store its immutable snapshot, publish it to the aggregate, and
/// report the events and metrics alerts key on. Sources are independent: each run has its own timeout and one source
/// failing never blocks or hides the other. Each step is its own type; this class only puts them in order.
/// </summary>
public sealed class SnapshotRunner
{
    // Long enough for the aggregate and latest writes after the snapshot is stored, short enough to end a shutdown.
    private static readonly TimeSpan s_completionTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, IAccountSource> _sources;
    private readonly SingleFlight<(string Source, DateTimeOffset Slot), SnapshotRunResult> _runs = new();
    private readonly SourceFetcher _fetcher;
    private readonly ISnapshotStore _store;
    private readonly ISnapshotPublisher _publisher;
    private readonly IEnumerable<ISnapshotListener> _listeners;
    private readonly SnapshotRunReporter _reporter;
    private readonly TimeProvider _timeProvider;

    internal SnapshotRunner(
        IEnumerable<IAccountSource> sources,
        SourceFetcher fetcher,
        ISnapshotStore store,
        ISnapshotPublisher publisher,
        IEnumerable<ISnapshotListener> listeners,
        SnapshotRunReporter reporter,
        TimeProvider timeProvider)
    {
        _sources = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _fetcher = fetcher;
        _store = store;
        _publisher = publisher;
        _listeners = listeners;
        _reporter = reporter;
        _timeProvider = timeProvider;
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
        while (true)
        {
            var (run, started) = _runs.Join((source, slot.At), () => RunOnceAsync(accountSource, slot, cancellationToken));
            if (started)
            {
                return await run;
            }

            var start = Begin(source, slot, log: false);
            try
            {
                var leader = await run.WaitAsync(cancellationToken);
                return leader.Status == SnapshotRunStatus.Failed ? leader : _reporter.AlreadyTaken(start);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The leader was cancelled before storing anything: this caller still wants the slot, so it runs it.
            }
        }
    }

    private async Task<SnapshotRunResult> RunOnceAsync(IAccountSource source, SnapshotSlot slot, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var start = Begin(source.Name, slot, log: true);
        var fetchedAccounts = 0;
        try
        {
            if (await _store.GetPropertiesAsync(start.Path, cancellationToken) is not null)
            {
                // A run that stored its document but was stopped before publishing it is finished here.
                await PublishStoredAsync(start, interrupted: true, cancellationToken);
                return _reporter.AlreadyTaken(start);
            }

            var (document, serialized) = await FetchAsync(source, slot, startedAt, cancellationToken);
            await using var content = serialized;
            fetchedAccounts = document.Accounts.Count;
            if (!(await _store.WriteAsync(start.Path, content, StoreCondition.IfAbsent, cancellationToken)).Written)
            {
                // Another process stored this slot first (or a Blob retry met our own earlier write): make sure the
                // stored document is published; publishing it twice changes nothing.
                await PublishStoredAsync(start, interrupted: false, cancellationToken);
                return _reporter.AlreadyTaken(start);
            }

            // The snapshot is stored: publish it even if the caller is cancelled now (Ctrl+C, SIGTERM), so a stored
            // document is never left out of the aggregate. Bounded, not endless.
            using var completion = new CancellationTokenSource(s_completionTimeout, _timeProvider);
            var publication = await PublishAsync(document, content, completion.Token);
            return _reporter.Stored(start, document, publication);
        }
        catch (SnapshotStoreException ex)
        {
            return _reporter.StorageFailed(start, ex.Message, fetchedAccounts);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return _reporter.PublishTimedOut(start, s_completionTimeout, fetchedAccounts);
        }
    }

    /// <summary>
    /// Fetches the source and writes its document to a temporary stream. The document comes back without its raw
    /// pages: from here on the stream holds them, and nothing after (aggregate merge, latest copy, history index)
    /// reads them, so the bodies (17 MB for 50,000 Conduit clients) are not kept alive through those steps. A
    /// method of its own so that neither the fetch result nor the full document outlives it in this state machine.
    /// </summary>
    private async Task<(SnapshotDocument Document, Stream Content)> FetchAsync(IAccountSource source, SnapshotSlot slot, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var (fetch, secretVersions) = await _fetcher.FetchAsync(source, cancellationToken);
        var document = SnapshotDocumentFactory.Create(slot, startedAt, _timeProvider.GetUtcNow(), fetch, secretVersions);
        var content = await SnapshotDocumentSerializer.SerializeAsync(document, cancellationToken);
        return (document with { Raw = [] }, content);
    }

    /// <summary>
    /// Completes a document already in the store: publishes it when the aggregate has not seen its slot yet, and
    /// always hands it to the listeners (adding a slot to the history index twice changes nothing), so a run stopped
    /// after the aggregate but before the index is completed too.
    /// </summary>
    private async Task PublishStoredAsync(RunStart start, bool interrupted, CancellationToken cancellationToken)
    {
        if (await _store.ReadAsync(start.Path, cancellationToken) is not { } stored)
        {
            return;
        }

        SnapshotDocument? document;
        try
        {
            document = SnapshotDocumentSerializer.Read(stored.Content.Span);
        }
        catch (JsonException ex)
        {
            _reporter.Unreadable(start, ex.Message);
            return;
        }

        if (document is null)
        {
            return;
        }

        if (!await _publisher.HasSeenAsync(document, cancellationToken))
        {
            _reporter.Folded(start.Source, start.Slot, interrupted);
            using var content = new MemoryStream(stored.Content.ToArray(), writable: false);
            await _publisher.PublishAsync(document, content, cancellationToken);
        }

        await NotifyListenersAsync(document, cancellationToken);
    }

    // The same step for a fresh run and for a folded one: the aggregate and latest copy, then the history index.
    private async Task<SnapshotPublication> PublishAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken)
    {
        var publication = await _publisher.PublishAsync(document, content, cancellationToken);
        await NotifyListenersAsync(document, cancellationToken);
        return publication;
    }

    private async Task NotifyListenersAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            await listener.OnSnapshotStoredAsync(document, cancellationToken);
        }
    }

    private RunStart Begin(string source, SnapshotSlot slot, bool log)
    {
        if (log)
        {
            _reporter.Started(source, slot);
        }

        return new RunStart(source, slot, SnapshotPaths.Snapshot(source, slot.At), _timeProvider.GetTimestamp());
    }
}
