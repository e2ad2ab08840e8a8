using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Builds the Polly pipeline both clients use: total timeout, bounded jittered exponential retries on 5xx, 408,
/// transport errors and attempt timeouts, and (Conduit only) 429 retries that honour Retry-After within a budget.
/// 401, 403, 418 and other 4xx are never retried.
/// </summary>
internal static class UpstreamResiliencePipeline
{
    /// <summary>Adds the strategies, outermost first, to the builder <c>AddResilienceHandler</c> gives.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, UpstreamResilienceSettings settings, TimeProvider timeProvider, ILogger logger)
    {
        builder.TimeProvider = timeProvider;
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.TotalTimeout });
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(settings, timeProvider, args.Outcome, args.Context, args.AttemptNumber)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RateLimitDelay(settings, timeProvider, response, args.AttemptNumber) : null),
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } response ? (int)response.StatusCode : (int?)null;
                    if (status == 429 && UpstreamAttemptRecorder.Of(args.Context) is { } recorder)
                    {
                        recorder.RateLimitWaited += args.RetryDelay;
                    }

                    // The discarded answer must release its connection; disposing twice is harmless if Polly also does.
                    args.Outcome.Result?.Dispose();
                    UpstreamLog.Retrying(
                        logger, settings.Source, args.AttemptNumber + 1, status, args.Outcome.Exception?.GetType().Name, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.AttemptTimeout });
    }

    private static bool ShouldRetry(
        UpstreamResilienceSettings settings, TimeProvider timeProvider, Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt)
    {
        if (outcome.Exception is not null)
        {
            // The caller's own cancellation surfaces as OperationCanceledException and is never retried.
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            return settings.RetryRateLimited && FitsRateLimitBudget(settings, timeProvider, response, context, attempt);
        }

        return status is 408 or >= 500;
    }

    // The wait before retrying: the upstream's Retry-After when it sent one; for a 429 without it, a plain exponential
    // backoff that the budget check can predict exactly (Polly's jittered default could overspend the budget).
    private static TimeSpan? RateLimitDelay(UpstreamResilienceSettings settings, TimeProvider timeProvider, HttpResponseMessage response, int attempt) =>
        UpstreamAttemptRecorder.RetryAfter(response, timeProvider)
        ?? ((int)response.StatusCode == 429 ? settings.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 16)) : null);

    private static bool FitsRateLimitBudget(
        UpstreamResilienceSettings settings, TimeProvider timeProvider, HttpResponseMessage response, ResilienceContext context, int attempt)
    {
        if (UpstreamAttemptRecorder.Of(context) is not { } recorder)
        {
            return false;
        }

        var wait = RateLimitDelay(settings, timeProvider, response, attempt)!.Value;
        if (recorder.RateLimitWaited + wait > settings.RateLimitBudget)
        {
            recorder.RateLimitRefused = wait;
            return false;
        }

        return true;
    }
}
