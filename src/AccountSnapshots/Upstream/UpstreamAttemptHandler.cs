namespace AccountSnapshots.Upstream;

/// <summary>
/// Sits inside the resilience handler, so it sees every attempt: counts it and keeps the upstream's correlation ids in
/// the request's <see cref="UpstreamAttemptRecorder"/>, which the run record reports (requests, retries, ids).
/// </summary>
internal sealed class UpstreamAttemptHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(UpstreamAttemptRecorder.OptionKey, out var recorder);
        recorder?.AttemptStarted();
        var response = await base.SendAsync(request, cancellationToken);
        recorder?.Observe(response);
        return response;
    }
}
