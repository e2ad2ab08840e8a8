using System.Net;
using Polly;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Per-request record the resilience handler fills while it retries: attempts, correlation ids, time spent honouring
/// Retry-After. The client reads it back to fill <see cref="SourceFetchResult"/> even when the fetch fails.
/// </summary>
internal sealed class UpstreamAttemptRecorder
{
    public static readonly HttpRequestOptionsKey<UpstreamAttemptRecorder> OptionKey = new("AccountSnapshots.UpstreamAttemptRecorder");

    /// <summary>The recorder of the request a resilience pipeline is running (the handler puts the request in its context).</summary>
    public static UpstreamAttemptRecorder? Of(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(OptionKey, out var recorder) ? recorder : null;

    private readonly List<string> _correlationIds = [];

    /// <summary>HTTP attempts sent, the first one included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Total delay spent waiting on 429 answers.</summary>
    public TimeSpan RateLimitWaited { get; set; }

    /// <summary>The Retry-After a 429 asked for when it did not fit the remaining budget (so the fetch stopped).</summary>
    public TimeSpan? RateLimitRefused { get; set; }

    public IReadOnlyList<string> CorrelationIds => _correlationIds;

    public void AttemptStarted() => Attempts++;

    public void Observe(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("x-correlation-id", out var values))
        {
            _correlationIds.AddRange(values.Where(value => !string.IsNullOrEmpty(value)));
        }
    }

    /// <summary>The delay a 429 asks for (seconds or HTTP date), or null when it sent no usable Retry-After.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
