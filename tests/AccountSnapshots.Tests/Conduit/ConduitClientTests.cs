using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Money;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Upstream;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Conduit;

public sealed class ConduitClientTests
{
    [Fact]
    public async Task Fails_as_invalid_response_naming_the_setting_when_a_small_gzip_body_inflates_past_MaxResponseBytes()
    {
        // Valid JSON padded with whitespace: without the cap it would parse, and a run would succeed.
        await using var upstream = await GzipUpstream.StartAsync("{\"data\":[],\"totalBalances\":{\"available\":[]}}" + new string(' ', 4 * 1024 * 1024));
        await using var harness = await UpstreamHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Conduit:BaseUrl"] = upstream.BaseUrl.ToString(),
            ["Conduit:MaxResponseBytes"] = "1048576",
        });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.True(upstream.CompressedLength < 64 * 1024, $"the wire body is {upstream.CompressedLength} bytes");
        Assert.Equal(UpstreamErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Contains("Conduit:MaxResponseBytes (1048576 bytes, counted after decompression)", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Requests);
    }

    [Fact]
    public async Task Accepts_a_gzip_body_that_inflates_within_MaxResponseBytes()
    {
        await using var upstream = await GzipUpstream.StartAsync("{\"data\":[],\"totalBalances\":{\"available\":[]}}" + new string(' ', 512 * 1024));
        await using var harness = await UpstreamHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Conduit:BaseUrl"] = upstream.BaseUrl.ToString(),
            ["Conduit:MaxResponseBytes"] = "1048576",
        });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(upstream.InflatedLength, result.RawPages[0].Length);
    }

    [Fact]
    public async Task Fetches_every_client_in_one_request_with_totals_equal_to_the_exact_sum_of_balances()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(40, result.Accounts.Count);
        Assert.Equal(1, result.Requests);
        Assert.Equal(0, result.Retries);
        Assert.Equal("/clients/accounts", Assert.Single(harness.Sandbox.Conduit.Requests).PathAndQuery);
        Assert.All(result.Accounts, account =>
        {
            Assert.StartsWith("acct_", account.Id, StringComparison.Ordinal);
            Assert.StartsWith("client_", account.ClientId, StringComparison.Ordinal);
            Assert.Equal("conduit", account.Source);
        });
        var sums = result.Accounts.SelectMany(account => account.Balances!)
            .GroupBy(balance => (balance.Asset, balance.Network ?? ""))
            .ToDictionary(group => group.Key, group => ExactDecimal.Sum(group.Select(balance => balance.Amount)));
        Assert.Equal(sums.Count, result.UpstreamTotals.Count);
        foreach (var total in result.UpstreamTotals)
        {
            Assert.Equal(total.Amount, sums[(total.Asset, total.Network ?? "")]);
        }

        Assert.Equal(SandboxConduitApi.Assets.Order(), result.UpstreamTotals.Select(total => total.Asset).Distinct().Order());
        Assert.Equal(SandboxConduitApi.Networks.Order(), result.UpstreamTotals.Where(total => total.Network is not null).Select(total => total.Network!).Distinct().Order());
    }

    [Fact]
    public async Task Keeps_every_amount_form_exactly_and_the_raw_body_byte_for_byte()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        var page = Assert.Single(result.RawPages);
        Assert.True(page.IsJson);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(page.Body.Span)), page.Sha256);
        Assert.Equal(page.Length, page.Body.Length);
        using var raw = JsonDocument.Parse(page.Body);
        var data = raw.RootElement.GetProperty("data");
        var kinds = new HashSet<string>();
        for (var i = 0; i < data.GetArrayLength(); i++)
        {
            var balances = data[i].GetProperty("balances").GetProperty("available");
            for (var j = 0; j < balances.GetArrayLength(); j++)
            {
                var amount = balances[j].GetProperty("amount");
                var text = amount.ValueKind == JsonValueKind.String ? amount.GetString()! : amount.GetRawText();
                Assert.Equal(text, result.Accounts[i].Balances![j].Amount);
                kinds.Add(amount.ValueKind == JsonValueKind.Number ? "number" : text.Contains('.', StringComparison.Ordinal) ? $"scale{text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1}" : "scale0");
            }
        }

        foreach (var kind in (string[])["number", "scale0", "scale2", "scale6", "scale44"])
        {
            Assert.Contains(kind, kinds);
        }
    }

    [Fact]
    public async Task Keeps_the_correlation_id_of_the_response()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        var id = Assert.Single(result.CorrelationIds);
        Assert.StartsWith("sbx-", id, StringComparison.Ordinal);
        Assert.Equal(id, result.RawPages[0].CorrelationId);
    }

    [Fact]
    public async Task Accepts_unknown_assets_networks_and_fields_as_strings()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.WithBody(
            """{"data":[{"id":"client_1","accountId":"acct_1","businessLegalName":"X","extra":{"a":[1,2.5e3]},"balances":{"available":[{"asset":"JPYC","network":"avalanche","amount":"12.5","memo":"x"}]}}],"totalBalances":{"available":[{"asset":"JPYC","network":"avalanche","amount":12.5}]},"meta":{"next":null}}"""));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        var balance = Assert.Single(Assert.Single(result.Accounts).Balances!);
        Assert.Equal(("JPYC", "avalanche", "12.5"), (balance.Asset, balance.Network, balance.Amount));
        Assert.Equal("12.5", Assert.Single(result.UpstreamTotals).Amount);
    }

    [Fact]
    public async Task Returns_no_accounts_only_when_the_upstream_lists_none()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ConduitClients = 0 });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Empty(result.Accounts);
        Assert.Empty(result.UpstreamTotals);
    }

    [Fact]
    public async Task Streams_fifty_thousand_clients()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ConduitClients = 50_000 });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(50_000, result.Accounts.Count);
        Assert.True(result.RawPages[0].Length > 10_000_000);
        Assert.Equal(50_000, result.Accounts.Select(account => account.Id).Distinct().Count());
    }

    [Fact]
    public async Task Fails_as_credentials_rejected_without_retrying_when_the_secret_is_wrong()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.Conduit.FetchAsync(new SourceCredentials(harness.Sandbox.Credentials.ConduitApiKey, "wrong-secret-value"), CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, 401, requests: 1);
        Assert.Equal("API_KEY_INVALID", result.Error!.ErrorCode);
        Assert.DoesNotContain("wrong-secret-value", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Sandbox.Conduit.RequestCount);
    }

    [Theory]
    [InlineData("conduit:401", 401, "API_KEY_INVALID")]
    [InlineData("conduit:403", 403, "API_KEY_FORBIDDEN")]
    public async Task Never_retries_401_or_403(string fault, int status, string code)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, status, requests: 1);
        Assert.Equal(code, result.Error!.ErrorCode);
        Assert.Single(result.RawPages);
        Assert.Equal(1, harness.Sandbox.Conduit.RequestCount);
    }

    [Theory]
    [InlineData("conduit:429:retry-after=1")]
    [InlineData("conduit:429:retry-after-date=2")]
    public async Task Honours_retry_after_in_seconds_or_as_an_http_date(string fault)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Requests);
        Assert.Equal(1, result.Retries);
        var requests = harness.Sandbox.Conduit.Requests;
        Assert.Equal([429, 200], requests.Select(request => request.StatusCode));
        Assert.True(requests[1].Time - requests[0].Time >= TimeSpan.FromMilliseconds(950), $"second request came {requests[1].Time - requests[0].Time} after the first");
    }

    [Fact]
    public async Task Retries_a_429_without_retry_after_with_backoff()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:429"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task Fails_as_rate_limited_when_retry_after_exceeds_budget()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:429:retry-after=30"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.RateLimited, 429, requests: 1);
        Assert.Contains("Conduit:RateLimitBudget", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("RATE_LIMITED", result.Error.ErrorCode);
    }

    [Fact]
    public async Task Stops_honouring_retry_after_once_the_budget_is_spent()
    {
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { Faults = ["conduit:429:retry-after=1:persistent"] },
            new Dictionary<string, string?> { ["Conduit:RateLimitBudget"] = "00:00:02" });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.RateLimited, 429, requests: 3);
        Assert.Equal(3, harness.Sandbox.Conduit.RequestCount);
    }

    [Fact]
    public async Task Without_retry_after_the_growing_backoff_counts_against_the_rate_limit_budget()
    {
        // Backoff 0.5 s then 1 s: the second wait would bring the total to 1.5 s, over the 1.2 s budget.
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { Faults = ["conduit:429:persistent"] },
            new Dictionary<string, string?> { ["Conduit:RateLimitBudget"] = "00:00:01.200", ["Conduit:RetryBaseDelay"] = "00:00:00.500" });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.RateLimited, 429, requests: 2);
        var requests = harness.Sandbox.Conduit.Requests;
        Assert.True(requests[1].Time - requests[0].Time >= TimeSpan.FromMilliseconds(450), "the first retry waited the base delay");
    }

    [Fact]
    public async Task Retries_a_burst_of_5xx_and_then_succeeds()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:500x3"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(4, result.Requests);
        Assert.Equal(3, result.Retries);
        Assert.Equal(4, result.CorrelationIds.Count);
    }

    [Theory]
    [InlineData("conduit:503:persistent", 503)]
    [InlineData("conduit:408:persistent", 408)]
    public async Task Fails_as_unavailable_when_5xx_or_408_outlast_the_retries(string fault, int status)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Unavailable, status, requests: 4);
        Assert.Equal(3, result.Retries);
    }

    [Fact]
    public async Task Retries_a_dropped_connection()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:reset"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task Retries_an_attempt_that_times_out()
    {
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { Faults = ["conduit:slow=3000"] },
            new Dictionary<string, string?> { ["Conduit:AttemptTimeout"] = "00:00:01" });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task Fails_as_unavailable_when_every_attempt_times_out()
    {
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { Faults = ["conduit:slow=3000:persistent"] },
            new Dictionary<string, string?> { ["Conduit:AttemptTimeout"] = "00:00:00.200", ["Conduit:MaxRetries"] = "1" });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Unavailable, null, requests: 2);
        Assert.Contains("timed out", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conduit:truncated")]
    [InlineData("conduit:malformed")]
    public async Task Fails_as_invalid_response_when_a_200_body_is_not_complete_json(string fault)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
        Assert.False(Assert.Single(result.RawPages).IsJson);
    }

    [Fact]
    public async Task Fails_as_unavailable_when_the_connection_drops_while_the_body_arrives()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:cut"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Unavailable, 200, requests: 1);
        Assert.Empty(result.RawPages);
    }

    [Fact]
    public async Task Sends_the_configured_api_version()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Equal("2024-12-01", Assert.Single(harness.Sandbox.Conduit.Requests).ModeHeader);
    }

    [Fact]
    public async Task Fails_as_invalid_response_when_a_200_is_html()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:html"] });

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
        Assert.Contains("text/html", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("maintenance", Encoding.UTF8.GetString(result.RawPages[0].Body.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":{},"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":[{"id":"client_1","balances":{"available":[]}}],"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":[{"id":"client_1","accountId":"acct_1"}],"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":[{"id":"client_1","accountId":"acct_1","balances":{"available":[{"asset":"USD","amount":"Infinity"}]}}],"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":[{"id":"client_1","accountId":"acct_1","balances":{"available":[{"asset":"USD","amount":""}]}}],"totalBalances":{"available":[]}}""")]
    [InlineData("""{"data":[],"totalBalances":{"available":[{"asset":"USD","amount":null}]}}""")]
    [InlineData("""{"data":[],"totalBalances":{"available":[]}} trailing""")]
    public async Task Fails_as_invalid_response_when_a_200_is_not_the_documented_shape(string body)
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.WithBody(body));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
        Assert.Empty(result.Accounts);
    }

    [Theory]
    [InlineData("\"-5.00\"", null, "is negative")]
    [InlineData("-5", null, "is negative")]
    [InlineData("\"1E+400\"", null, "has 401 digits, more than Conduit:MaxAmountDigits (100) allows")]
    [InlineData("1e400", null, "has 401 digits, more than Conduit:MaxAmountDigits (100) allows")]
    [InlineData("\"1E+150\"", "120", "has 151 digits, more than Conduit:MaxAmountDigits (120) allows")]
    public async Task Fails_as_invalid_response_for_an_implausible_amount(string amount, string? maxDigits, string message)
    {
        await using var harness = await UpstreamHarness.StartAsync(settings: maxDigits is null ? null : new Dictionary<string, string?> { ["Conduit:MaxAmountDigits"] = maxDigits });
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.WithBody(
            $$$"""{"data":[{"id":"client_1","accountId":"acct_1","balances":{"available":[{"asset":"USD","amount":{{{amount}}}}]}}],"totalBalances":{"available":[]}}"""));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepts_a_long_amount_within_MaxAmountDigits()
    {
        await using var harness = await UpstreamHarness.StartAsync(settings: new Dictionary<string, string?> { ["Conduit:MaxAmountDigits"] = "500" });
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.WithBody(
            """{"data":[{"id":"client_1","accountId":"acct_1","balances":{"available":[{"asset":"USD","amount":"1E+400"}]}}],"totalBalances":{"available":[{"asset":"USD","amount":"1E+400"}]}}"""));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(401, result.Accounts[0].Balances![0].Amount.Length);
    }

    [Fact]
    public async Task Does_not_follow_a_redirect_with_its_credentials()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.Redirect(new Uri(harness.Sandbox.ConduitBaseUrl, "clients/accounts")));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 302, requests: 1);
        Assert.Equal(1, harness.Sandbox.Conduit.RequestCount);
    }

    [Fact]
    public async Task Reads_problem_json_error_codes()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.Conduit.Faults.Enqueue(SandboxFault.WithBody(
            """{"type":"about:blank","title":"Forbidden","status":403,"detail":"no access","errors":[{"code":"API_KEY_READ_ONLY","detail":"read only"}]}""", 403, "application/problem+json"));

        var result = await harness.Conduit.FetchAsync(harness.ConduitCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, 403, requests: 1);
        Assert.Equal("API_KEY_READ_ONLY", result.Error!.ErrorCode);
        Assert.True(result.RawPages[0].IsJson);
    }

    [Fact]
    public async Task Throws_only_when_the_caller_cancels()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["conduit:slow=5000"] });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Conduit.FetchAsync(harness.ConduitCredentials, cancellation.Token));
    }

    [Fact]
    public async Task Fails_as_configuration_when_credentials_are_empty()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.Conduit.FetchAsync(new SourceCredentials("key", null), CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Configuration, null, requests: 0);
        Assert.Equal(0, harness.Sandbox.Conduit.RequestCount);
    }

    private static void AssertFailure(SourceFetchResult result, UpstreamErrorKind kind, int? status, int requests)
    {
        Assert.NotNull(result.Error);
        Assert.Equal(kind, result.Error.Kind);
        Assert.Equal(status, result.Error.HttpStatus);
        Assert.Equal(requests, result.Requests);
        Assert.Empty(result.Accounts);
        Assert.StartsWith("conduit: ", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(UpstreamFailures.KindName(kind), result.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {(status is null ? "none" : status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}", result.Error.Message, StringComparison.Ordinal);
    }
}
