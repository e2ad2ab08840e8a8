using Microsoft.Extensions.Options;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Keeps this process within <c>ThreeCommas:RequestsPerMinute</c> over any 60-second window, across runs (a scheduled
/// and a manual run share it): a page waits until the oldest of the last N requests is a minute old. 3Commas allows
/// 100 requests a minute and blocks a client for 300 s after a 429, so the budget stays well under that.
/// </summary>
internal sealed class ThreeCommasRequestBudget(TimeProvider timeProvider, IOptions<ThreeCommasOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits until one more request fits the budget, then books it.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var budget = options.Value.RequestsPerMinute;
            if (budget == 0)
            {
                // No pacing: allowed only towards a loopback stand-in (the validator refuses it for 3Commas itself).
                return;
            }

            while (true)
            {
                var now = timeProvider.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= Window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < budget)
                {
                    _sent.Enqueue(now);
                    return;
                }

                await Task.Delay(_sent.Peek() + Window - now, timeProvider, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Books requests already sent without asking (the retries of a page), so the next page waits for them.</summary>
    public void Record(int requests)
    {
        _gate.Wait();
        try
        {
            var now = timeProvider.GetUtcNow();
            for (var i = 0; i < requests; i++)
            {
                _sent.Enqueue(now);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
