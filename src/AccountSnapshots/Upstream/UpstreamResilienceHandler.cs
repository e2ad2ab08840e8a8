using Polly;

namespace AccountSnapshots.Upstream;

/// <summary>
/// Runs every request of a typed upstream HttpClient through its Polly pipeline (Microsoft.Extensions.Http.Resilience
/// is not available here). Each attempt re-sends the same GET, which carries no content to rewind.
/// </summary>
internal sealed class UpstreamResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(UpstreamAttemptRecorder.OptionKey, out var recorder))
        {
            recorder = new UpstreamAttemptRecorder();
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(UpstreamAttemptRecorder.PropertyKey, recorder);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    state.Recorder.AttemptStarted();
                    var response = await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken);
                    state.Recorder.Observe(response);
                    return response;
                },
                context,
                (Handler: this, Request: request, Recorder: recorder));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
