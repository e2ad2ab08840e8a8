using System.Collections.Concurrent;

namespace AccountSnapshots.Concurrency;

/// <summary>
/// One piece of work per key at a time: a caller that arrives while the work for its key is running joins it and
/// shares its result instead of starting it again. The entry leaves the table before the result is set, so a caller
/// never joins work that has already finished. Used where a second start would cost an upstream call (one run per
/// source and slot), a vault read (one fetch per secret) or a store read (one aggregate refresh).
/// </summary>
internal sealed class SingleFlight<TKey, TResult>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TResult>> _inFlight;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null) => _inFlight = new(comparer);

    /// <summary>
    /// The running work for <paramref name="key"/>, started from <paramref name="work"/> when none runs; <c>Started</c>
    /// says whether this caller started it. The work's own cancellation cancels the shared task (joiners see it as
    /// cancelled); a joiner that stops waiting does not stop the work.
    /// </summary>
    public (Task<TResult> Task, bool Started) Join(TKey key, Func<Task<TResult>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var leader = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _inFlight.GetOrAdd(key, leader.Task);
        if (running != leader.Task)
        {
            return (running, false);
        }

        _ = RunAsync(key, leader, work);
        return (leader.Task, true);
    }

    private async Task RunAsync(TKey key, TaskCompletionSource<TResult> leader, Func<Task<TResult>> work)
    {
        try
        {
            var result = await work();
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));
            leader.SetResult(result);
        }
        catch (OperationCanceledException ex)
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));
            leader.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, leader.Task));
            leader.SetException(ex);

            // Observed here: every caller that still waits gets the exception itself, and one that stopped waiting
            // must not turn it into an UnobservedTaskException.
            _ = leader.Task.Exception;
        }
    }
}
