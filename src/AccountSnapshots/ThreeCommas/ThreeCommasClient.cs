using System.Globalization;
using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// 3Commas <c>GET /ver1/accounts</c>, signed, paged with <c>page</c>/<c>per_page</c> until a short page, under a hard
/// page cap. 429 and 418 stop the fetch at once (3Commas bans clients that keep asking). Never throws for upstream faults.
/// </summary>
internal sealed class ThreeCommasClient(
    HttpClient httpClient, IOptions<ThreeCommasOptions> options, ThreeCommasRequestBudget budget, TimeProvider timeProvider, ILogger<ThreeCommasClient> logger) : IAccountSource
{
    public string Name => SourceNames.ThreeCommas;

    public async Task<SourceFetchResult> FetchAsync(SourceCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var settings = options.Value;
        var run = new Run();
        if (string.IsNullOrEmpty(credentials.ApiKey))
        {
            return Fail(run, UpstreamErrorKind.Configuration, null, null, "the 3Commas API key is empty");
        }

        ThreeCommasRequestSigner signer;
        try
        {
            // An RSA key, when configured, is the explicit choice of a self-generated key pair over the HMAC secret.
            signer = !string.IsNullOrEmpty(credentials.RsaPrivateKeyPem)
                ? ThreeCommasRequestSigner.ForRsaPrivateKey(credentials.RsaPrivateKeyPem)
                : !string.IsNullOrEmpty(credentials.ApiSecret)
                    ? ThreeCommasRequestSigner.ForSecret(credentials.ApiSecret)
                    : throw new ArgumentException("Neither a 3Commas API secret nor an RSA private key is configured.");
        }
        catch (ArgumentException exception)
        {
            return Fail(run, UpstreamErrorKind.Configuration, null, null, exception.Message);
        }

        using (signer)
        {
            var baseUrl = settings.BaseUrl.AbsoluteUri.TrimEnd('/');
            var seenIds = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 1; page <= settings.MaxPages; page++)
            {
                var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/ver1/accounts?page={page}&per_page={settings.PerPage}"));
                var pathAndQuery = uri.PathAndQuery;
                // Paced to ThreeCommas:RequestsPerMinute across runs; the page's retries are booked after it.
                await budget.WaitTurnAsync(cancellationToken);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("APIKEY", credentials.ApiKey);
                request.Headers.TryAddWithoutValidation("Signature", signer.Sign(pathAndQuery));
                request.Headers.TryAddWithoutValidation("Forced-Mode", settings.ForcedMode);
                request.Headers.Accept.ParseAdd("application/json");

                var exchange = await UpstreamExchange.SendAsync(httpClient, request, Name, settings.TotalTimeout, new UpstreamBodyLimit(settings.MaxResponseBytes, "ThreeCommas:MaxResponseBytes"), timeProvider, cancellationToken);
                run.Requests += exchange.Recorder.Attempts;
                budget.Record(exchange.Recorder.Attempts - 1);
                run.Pages++;
                run.CorrelationIds.AddRange(exchange.Recorder.CorrelationIds);
                if (exchange.TransportError is { } transportError)
                {
                    return Fail(run, transportError);
                }

                var body = exchange.Body!;
                var status = exchange.HttpStatus!.Value;
                var masked = ThreeCommasApiKeyMasker.Mask(body.Span, out var complete);
                var isJson = complete && body.IsJsonContentType;
                run.RawPages.Add(body.ToRawPage(pathAndQuery, status, exchange.CorrelationId, isJson ? masked : NonJsonRecord(masked), isJson));
                if (status is < 200 or > 299)
                {
                    var (kind, detail) = UpstreamFailures.ForStatus((System.Net.HttpStatusCode)status);
                    if (kind == UpstreamErrorKind.RateLimited)
                    {
                        detail = "the upstream is throttling us; 3Commas restricts access for 300 s, so this run stops without retrying";
                    }

                    return Fail(run, kind, status, UpstreamErrorBody.TryGetCode(body.Span), $"{detail} (page {page})");
                }

                if (!body.IsJsonContentType)
                {
                    return Fail(run, UpstreamErrorKind.InvalidResponse, status, null, $"page {page} is {body.ContentType ?? "untyped"}, not JSON");
                }

                List<AccountRecord> accounts;
                try
                {
                    accounts = ThreeCommasAccountsParser.Parse(body.Span, new AmountRules(settings.MaxAmountDigits, "ThreeCommas:MaxAmountDigits", NonNegative: false));
                }
                catch (Exception exception) when (exception is JsonException or UpstreamFormatException)
                {
                    var detail = UpstreamFormatException.Describe(exception);
                    return Fail(run, UpstreamErrorKind.InvalidResponse, status, null, $"page {page}: {detail}");
                }

                foreach (var account in accounts)
                {
                    if (!seenIds.Add(account.Id))
                    {
                        return Fail(run, UpstreamErrorKind.InvalidResponse, status, null, $"page {page} repeats account id {account.Id} from an earlier page");
                    }
                }

                run.Accounts.AddRange(accounts);
                if (accounts.Count < settings.PerPage)
                {
                    UpstreamLog.FetchCompleted(logger, Name, run.Accounts.Count, run.Pages, run.Requests);
                    return new SourceFetchResult
                    {
                        Source = Name,
                        Accounts = run.Accounts,
                        RawPages = run.RawPages,
                        Requests = run.Requests,
                        Retries = run.Requests - run.Pages,
                        CorrelationIds = run.CorrelationIds.Distinct(StringComparer.Ordinal).ToList(),
                    };
                }
            }

            return Fail(run, UpstreamErrorKind.InvalidResponse, run.RawPages[^1].HttpStatus, null,
                $"page {settings.MaxPages} was still full, so ThreeCommas:MaxPages ({settings.MaxPages}) was hit before the end of the list");
        }
    }

    /// <summary>
    /// The record of a body that is not complete JSON: only the masked prefix the masker could read (empty when it
    /// did not begin as JSON). The text itself is never stored: an unparsed 3Commas body may hold exchange keys.
    /// </summary>
    private static ReadOnlyMemory<byte> NonJsonRecord(ReadOnlyMemory<byte> maskedPrefix) => maskedPrefix;

    private SourceFetchResult Fail(Run run, UpstreamErrorKind kind, int? status, string? code, string detail) =>
        Fail(run, UpstreamFailures.Create(Name, kind, status, code, detail));

    private SourceFetchResult Fail(Run run, SourceError error)
    {
        UpstreamLog.FetchFailed(logger, Name, UpstreamFailures.KindName(error.Kind), error.HttpStatus, error.ErrorCode, run.Requests);
        return new SourceFetchResult
        {
            Source = Name,
            Error = error,
            RawPages = run.RawPages,
            Requests = run.Requests,
            Retries = Math.Max(0, run.Requests - run.Pages),
            CorrelationIds = run.CorrelationIds.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    private sealed class Run
    {
        public List<AccountRecord> Accounts { get; } = [];

        public List<RawPage> RawPages { get; } = [];

        public List<string> CorrelationIds { get; } = [];

        public int Requests { get; set; }

        public int Pages { get; set; }
    }
}
