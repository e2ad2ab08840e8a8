using Polly.Timeout;

namespace AccountSnapshots.Upstream;

/// <summary>
/// One request/response with an upstream through its resilient typed client: sends with ResponseHeadersRead, reads
/// the body once, and turns transport faults and timeouts into a <see cref="SourceError"/> instead of an exception.
/// Only the caller's own cancellation escapes as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class UpstreamExchange
{
    public required UpstreamAttemptRecorder Recorder { get; init; }

    public int? HttpStatus { get; init; }

    public UpstreamBody? Body { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>Set when no complete response arrived (transport error, timeout, unreadable body).</summary>
    public SourceError? TransportError { get; init; }

    public static async Task<UpstreamExchange> SendAsync(
        HttpClient httpClient, HttpRequestMessage request, string source, TimeSpan totalTimeout, UpstreamBodyLimit bodyLimit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var recorder = new UpstreamAttemptRecorder();
        request.Options.Set(UpstreamAttemptRecorder.OptionKey, recorder);

        // The pipeline's total timeout ends at the response headers; this one also bounds reading the body.
        using var timeout = new CancellationTokenSource(totalTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int? status = null;
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            var body = await UpstreamBody.ReadAsync(response, bodyLimit, linked.Token);
            var correlationId = response.Headers.TryGetValues("x-correlation-id", out var ids) ? ids.FirstOrDefault() : null;
            return new UpstreamExchange { Recorder = recorder, HttpStatus = status, Body = body, CorrelationId = correlationId };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or OperationCanceledException)
        {
            return Failed(recorder, source, UpstreamErrorKind.Unavailable, status, "timed out (attempt or total timeout) after the allowed retries");
        }
        catch (HttpRequestException exception)
        {
            return Failed(recorder, source, UpstreamErrorKind.Unavailable, status, $"transport error ({exception.HttpRequestError}) after the allowed retries");
        }
        catch (IOException exception)
        {
            return Failed(recorder, source, UpstreamErrorKind.Unavailable, status, $"the connection broke while reading the body ({exception.GetType().Name})");
        }
        catch (UpstreamFormatException exception)
        {
            return Failed(recorder, source, UpstreamErrorKind.InvalidResponse, status, exception.Message);
        }
    }

    private static UpstreamExchange Failed(UpstreamAttemptRecorder recorder, string source, UpstreamErrorKind kind, int? status, string detail) =>
        new() { Recorder = recorder, HttpStatus = status, TransportError = UpstreamFailures.Create(source, kind, status, null, detail) };
}
