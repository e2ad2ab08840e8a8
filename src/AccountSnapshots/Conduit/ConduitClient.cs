using System.Text.Json;
using AccountSnapshots.Money;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Conduit;

/// <summary>
/// Conduit Financial <c>GET /clients/accounts</c> (API version 2024-12-01): one unpaginated call with
/// <c>X-API-Key</c>, <c>X-API-Secret</c> and <c>Api-Version</c>. Never throws for upstream faults.
/// </summary>
internal sealed class ConduitClient(
    HttpClient httpClient, IOptions<ConduitOptions> options, TimeProvider timeProvider, ILogger<ConduitClient> logger) : IAccountSource
{
    public string Name => SourceNames.Conduit;

    public async Task<SourceFetchResult> FetchAsync(SourceCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var settings = options.Value;
        if (string.IsNullOrEmpty(credentials.ApiKey) || string.IsNullOrEmpty(credentials.ApiSecret))
        {
            return Fail(UpstreamFailures.Create(Name, UpstreamErrorKind.Configuration, null, null, "the Conduit API key or secret is empty"), [], 0, []);
        }

        var uri = new Uri(settings.BaseUrl.AbsoluteUri.TrimEnd('/') + "/clients/accounts");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("X-API-Key", credentials.ApiKey);
        request.Headers.TryAddWithoutValidation("X-API-Secret", credentials.ApiSecret);
        request.Headers.TryAddWithoutValidation("Api-Version", settings.ApiVersion);
        request.Headers.Accept.ParseAdd("application/json");

        var exchange = await UpstreamExchange.SendAsync(httpClient, request, Name, settings.TotalTimeout, new UpstreamBodyLimit(settings.MaxResponseBytes, "Conduit:MaxResponseBytes"), timeProvider, cancellationToken);
        var recorder = exchange.Recorder;
        var correlationIds = recorder.CorrelationIds.Distinct(StringComparer.Ordinal).ToList();
        if (exchange.TransportError is { } transportError)
        {
            return Fail(transportError, [], recorder.Attempts, correlationIds);
        }

        var body = exchange.Body!;
        var status = exchange.HttpStatus!.Value;
        var pathAndQuery = uri.PathAndQuery;
        if (status is < 200 or > 299)
        {
            var page = body.ToRawPage(pathAndQuery, status, exchange.CorrelationId, isJson: body.IsCompleteJson());
            var (kind, detail) = UpstreamFailures.ForStatus((System.Net.HttpStatusCode)status);
            if (kind == UpstreamErrorKind.RateLimited && recorder.RateLimitRefused is { } refused)
            {
                detail = $"Retry-After asked for {refused.TotalSeconds:0.###} s, beyond the remaining Conduit:RateLimitBudget of {settings.RateLimitBudget - recorder.RateLimitWaited}";
            }

            return Fail(UpstreamFailures.Create(Name, kind, status, UpstreamErrorBody.TryGetCode(body.Span), detail), [page], recorder.Attempts, correlationIds);
        }

        if (!body.IsJsonContentType)
        {
            var page = body.ToRawPage(pathAndQuery, status, exchange.CorrelationId, isJson: false);
            var error = UpstreamFailures.Create(Name, UpstreamErrorKind.InvalidResponse, status, null, $"the body is {body.ContentType ?? "untyped"}, not JSON");
            return Fail(error, [page], recorder.Attempts, correlationIds);
        }

        try
        {
            var (accounts, totals) = ConduitAccountsParser.Parse(body.Span, new AmountRules(settings.MaxAmountDigits, "Conduit:MaxAmountDigits", NonNegative: true));
            var page = body.ToRawPage(pathAndQuery, status, exchange.CorrelationId, isJson: true);
            UpstreamLog.FetchCompleted(logger, Name, accounts.Count, 1, recorder.Attempts);
            return new SourceFetchResult
            {
                Source = Name,
                Accounts = accounts,
                UpstreamTotals = totals,
                RawPages = [page],
                Requests = recorder.Attempts,
                Retries = recorder.Attempts - 1,
                CorrelationIds = correlationIds,
            };
        }
        catch (Exception exception) when (exception is JsonException or UpstreamFormatException)
        {
            var page = body.ToRawPage(pathAndQuery, status, exchange.CorrelationId, isJson: false);
            var detail = UpstreamFormatException.Describe(exception);
            return Fail(UpstreamFailures.Create(Name, UpstreamErrorKind.InvalidResponse, status, null, detail), [page], recorder.Attempts, correlationIds);
        }
    }

    private SourceFetchResult Fail(SourceError error, IReadOnlyList<RawPage> pages, int requests, IReadOnlyList<string> correlationIds)
    {
        UpstreamLog.FetchFailed(logger, Name, UpstreamFailures.KindName(error.Kind), error.HttpStatus, error.ErrorCode, requests);
        return new SourceFetchResult
        {
            Source = Name,
            Error = error,
            RawPages = pages,
            Requests = requests,
            Retries = Math.Max(0, requests - 1),
            CorrelationIds = correlationIds,
        };
    }
}
