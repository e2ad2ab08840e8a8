using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Infrastructure;
using AccountSnapshots.Tests.Upstream;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.ThreeCommas;

public sealed class ThreeCommasClientTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 2)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public async Task Pages_until_a_page_holds_fewer_than_per_page(int accounts, int pages)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasAccounts = accounts });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(accounts, result.Accounts.Count);
        Assert.Equal(accounts, result.Accounts.Select(account => account.Id).Distinct().Count());
        Assert.Equal(pages, result.Requests);
        Assert.Equal(pages, result.RawPages.Count);
        Assert.Equal(
            Enumerable.Range(1, pages).Select(page => $"/public/api/ver1/accounts?page={page}&per_page=100"),
            harness.Sandbox.ThreeCommas.Requests.Select(request => request.PathAndQuery));
        Assert.Equal(pages, result.CorrelationIds.Count);
    }

    [Fact]
    public async Task Reports_exchange_key_health_lock_state_and_masked_keys()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        var accounts = result.Accounts;
        Assert.Equal(harness.Sandbox.ThreeCommas.AccountId(0).ToString(System.Globalization.CultureInfo.InvariantCulture), accounts[0].Id);
        Assert.Equal(new ApiKeyHealth { Masked = ApiKeyHealth.Mask(harness.Sandbox.ThreeCommas.ExchangeApiKey(0)), Invalid = false, State = "ok" }, accounts[0].ApiKey);
        Assert.False(accounts[0].NeedsAttention);
        Assert.Equal((true, "expired"), (accounts[1].ApiKey!.Invalid, accounts[1].ApiKey!.State));
        Assert.True(accounts[1].NeedsAttention);
        Assert.Equal((false, "needs_reconnect"), (accounts[2].ApiKey!.Invalid, accounts[2].ApiKey!.State));
        Assert.True(accounts[2].NeedsAttention);
        Assert.Equal((true, "API key is invalid"), (accounts[3].IsLocked, accounts[3].LockReason));
        Assert.Equal((false, null), (accounts[0].IsLocked, accounts[0].LockReason));
        Assert.All(accounts, account => Assert.StartsWith("…", account.ApiKey!.Masked, StringComparison.Ordinal));
        Assert.All(accounts, account => Assert.NotNull(account.Exchange));
    }

    [Fact]
    public async Task Never_stores_an_exchange_api_key_in_clear_in_raw_pages()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasAccounts = 150 });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        var keys = harness.Sandbox.ThreeCommas.ExchangeApiKeys;
        Assert.Equal(150, keys.Count);
        foreach (var page in result.RawPages)
        {
            Assert.True(page.IsJson);
            var body = Encoding.UTF8.GetString(page.Body.Span);
            Assert.All(keys, key => Assert.DoesNotContain(key, body, StringComparison.Ordinal));
            using var document = JsonDocument.Parse(page.Body);
            Assert.All(document.RootElement.EnumerateArray(), account =>
                Assert.StartsWith("…", account.GetProperty("api_key").GetString(), StringComparison.Ordinal));

            // The hash is of the masked bytes stored: a hash of the bytes as they arrived would hold the keys.
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(page.Body.Span)), page.Sha256);
        }
    }

    [Theory]
    [InlineData("text/plain", "api_key=yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45")]
    [InlineData("text/html", "<html><body>yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45</body></html>")]
    [InlineData("application/json", "[{\"id\":1,\"api_key\":\"yzNYzv8a0VEBwsrhc3MDpHZ7XMqa1vJqSqHzpfjjKpdFF9SbQsVQKRl3hKNyZU45\"")]
    public async Task Never_stores_the_text_of_a_body_it_could_not_parse(string contentType, string text)
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.WithBody("\uFEFF" + text, 200, contentType));

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Equal(UpstreamErrorKind.InvalidResponse, result.Error!.Kind);
        var page = Assert.Single(result.RawPages);
        Assert.False(page.IsJson);
        Assert.DoesNotContain("yzNYzv8a0VEB", Encoding.UTF8.GetString(page.Body.Span), StringComparison.Ordinal);
        Assert.DoesNotContain("SqHzpfjjKpdFF9", Encoding.UTF8.GetString(page.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_as_invalid_response_naming_the_setting_when_an_amount_has_too_many_digits_but_keeps_negative_amounts()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.WithBody("""[{"id":1,"name":"a","usd_amount":"-12.5","btc_amount":"1E+400"}]"""));

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Equal(UpstreamErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Contains("[0].btc_amount has 401 digits, more than ThreeCommas:MaxAmountDigits (100) allows", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("usd_amount", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paces_pages_to_the_request_budget_per_minute()
    {
        var time = new TimerCountingTimeProvider(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { ThreeCommasAccounts = 250 }, new Dictionary<string, string?> { ["ThreeCommas:RequestsPerMinute"] = "2" }, time);

        var fetch = harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        // Two pages fit the budget at once; the third waits on the pacing timer for a minute of the fake clock. Unpaced,
        // page 3 and the end of the fetch follow page 2 within milliseconds, so a short look for them is enough.
        await Eventually.WaitUntilAsync(() => fetch.IsCompleted || harness.Sandbox.ThreeCommas.Requests.Count >= 2, "the expected state was reached");
        await Task.WhenAny(fetch, Task.Delay(300));
        Assert.False(fetch.IsCompleted, "page 3 went out within the same minute as pages 1 and 2");
        Assert.Equal(2, harness.Sandbox.ThreeCommas.Requests.Count);
        Assert.Equal(1, time.PendingTimers);
        time.Advance(TimeSpan.FromSeconds(59.999));
        Assert.Equal(2, harness.Sandbox.ThreeCommas.Requests.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var result = await fetch.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(result.Error);
        Assert.Equal(3, result.Requests);
        Assert.Equal(250, result.Accounts.Count);
    }

    [Fact]
    public async Task Sends_pages_within_the_budget_without_waiting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasAccounts = 250 }, timeProvider: time);

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(result.Error);
        Assert.Equal(3, result.Requests);
    }

    [Fact]
    public async Task Keeps_every_amount_form_exactly()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        using var raw = JsonDocument.Parse(result.RawPages[0].Body);
        var items = raw.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var usd = items[i].GetProperty("usd_amount");
            Assert.Equal(usd.ValueKind == JsonValueKind.Number ? usd.GetRawText() : usd.GetString(), result.Accounts[i].UsdAmount);
            Assert.Matches(@"^\d+\.\d{44}$", result.Accounts[i].UsdAmount);
        }

        Assert.Equal(JsonValueKind.Number, items[0].GetProperty("usd_amount").ValueKind);
        Assert.Equal("4.7955955846052631578947368421052879749422e-04", items[6].GetProperty("btc_amount").GetString());
        Assert.Equal("0.00047955955846052631578947368421052879749422", result.Accounts[6].BtcAmount);

        // Fields we do not aggregate stay untouched in the raw copy, "Infinity" and exponents included.
        Assert.Equal("Infinity", items[4].GetProperty("usd_profit_percentage").GetString());
        Assert.Equal("NaN", items[4].GetProperty("day_profit_btc_percentage").GetString());
        Assert.Equal("1.6199672389633248e-06", items[0].GetProperty("total_btc_profit").GetString());
        Assert.Equal("-0.05357667685386205", items[1].GetProperty("total_primary_display_currency_profit").GetProperty("amount").GetRawText());
    }

    [Fact]
    public async Task Signs_with_an_rsa_private_key_when_one_is_configured()
    {
        using var rsa = RSA.Create(2048);
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasRsaPublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem() });

        var result = await harness.ThreeCommas.FetchAsync(
            new SourceCredentials(harness.Sandbox.Credentials.ThreeCommasApiKey, null, rsa.ExportPkcs8PrivateKeyPem()), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(12, result.Accounts.Count);
    }

    [Theory]
    [InlineData(null, "real")]
    [InlineData("paper", "paper")]
    public async Task Sends_the_forced_mode_header(string? configured, string expected)
    {
        await using var harness = await UpstreamHarness.StartAsync(
            settings: configured is null ? null : new Dictionary<string, string?> { ["ThreeCommas:ForcedMode"] = configured });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(expected, Assert.Single(harness.Sandbox.ThreeCommas.Requests).ModeHeader);
    }

    [Fact]
    public async Task Fails_as_credentials_rejected_when_signed_with_another_rsa_key()
    {
        using var registered = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasRsaPublicKeyPem = registered.ExportSubjectPublicKeyInfoPem() });

        var result = await harness.ThreeCommas.FetchAsync(
            new SourceCredentials(harness.Sandbox.Credentials.ThreeCommasApiKey, null, other.ExportPkcs8PrivateKeyPem()), CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, 401, requests: 1);
        Assert.Equal("signature_invalid", result.Error!.ErrorCode);
    }

    [Fact]
    public async Task Fails_as_invalid_response_when_a_later_page_repeats_an_account()
    {
        await using var harness = await UpstreamHarness.StartAsync(settings: new Dictionary<string, string?> { ["ThreeCommas:PerPage"] = "1" });
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.WithBody("""[{"id":1}]""") with { Repeat = 2 });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 2);
        Assert.Contains("repeats account id 1", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_as_credentials_rejected_without_retrying_when_the_signature_is_wrong()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.ThreeCommas.FetchAsync(new SourceCredentials(harness.Sandbox.Credentials.ThreeCommasApiKey, "wrong-secret"), CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, 401, requests: 1);
        Assert.Equal("signature_invalid", result.Error!.ErrorCode);
        Assert.DoesNotContain("wrong-secret", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threecommas:401", 401, "signature_invalid")]
    [InlineData("threecommas:403", 403, "access_denied")]
    public async Task Never_retries_401_or_403(string fault, int status, string code)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.CredentialsRejected, status, requests: 1);
        Assert.Equal(code, result.Error!.ErrorCode);
        Assert.Equal(1, harness.Sandbox.ThreeCommas.RequestCount);
    }

    [Theory]
    [InlineData("threecommas:429")]
    [InlineData("threecommas:429:retry-after=1")]
    public async Task Stops_at_once_on_429(string fault)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.RateLimited, 429, requests: 1);
        Assert.Equal(1, harness.Sandbox.ThreeCommas.RequestCount);
        Assert.Equal("rate_limit_exceeded", result.Error!.ErrorCode);
    }

    [Fact]
    public async Task Stops_on_a_429_on_a_later_page_without_retrying()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { ThreeCommasAccounts = 250 });
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.Slow(TimeSpan.Zero));
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.TooManyRequests());

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.RateLimited, 429, requests: 2);
        Assert.Equal(2, result.RawPages.Count);
        Assert.Equal(2, harness.Sandbox.ThreeCommas.RequestCount);
    }

    [Fact]
    public async Task Reports_418_as_banned_without_retrying()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["threecommas:418"] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Banned, 418, requests: 1);
        Assert.Equal(1, harness.Sandbox.ThreeCommas.RequestCount);
    }

    [Fact]
    public async Task Retries_a_burst_of_5xx_and_then_succeeds()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["threecommas:500x2"] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(3, result.Requests);
        Assert.Equal(2, result.Retries);
        Assert.Equal(12, result.Accounts.Count);
    }

    [Fact]
    public async Task Fails_as_unavailable_when_5xx_outlast_the_retries_and_reads_an_object_error()
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = ["threecommas:502:persistent"] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Unavailable, 502, requests: 4);
        Assert.Equal("status_code 502", result.Error!.ErrorCode);
    }

    [Fact]
    public async Task Retries_an_attempt_that_times_out()
    {
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { Faults = ["threecommas:slow=3000"] },
            new Dictionary<string, string?> { ["ThreeCommas:AttemptTimeout"] = "00:00:01" });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Requests);
    }

    [Theory]
    [InlineData("threecommas:truncated")]
    [InlineData("threecommas:malformed")]
    [InlineData("threecommas:html")]
    public async Task Fails_as_invalid_response_when_a_200_is_not_complete_json(string fault)
    {
        await using var harness = await UpstreamHarness.StartAsync(new SandboxOptions { Faults = [fault] });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
        var page = Assert.Single(result.RawPages);
        Assert.False(page.IsJson);
        var body = Encoding.UTF8.GetString(page.Body.Span);
        Assert.All(harness.Sandbox.ThreeCommas.ExchangeApiKeys, key => Assert.DoesNotContain(key, body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""[{"name":"no id"}]""")]
    [InlineData("""[1]""")]
    [InlineData("""[{"id":1,"usd_amount":"Infinity"}]""")]
    [InlineData("""[{"id":1,"btc_amount":"NaN"}]""")]
    [InlineData("""[{"id":1,"usd_amount":""}]""")]
    [InlineData("""[{"id":1,"usd_amount":true}]""")]
    public async Task Fails_as_invalid_response_when_a_200_is_not_the_documented_shape(string body)
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.WithBody(body));

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 1);
    }

    [Fact]
    public async Task Tolerates_non_numeric_text_in_fields_it_does_not_aggregate()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Sandbox.ThreeCommas.Faults.Enqueue(SandboxFault.WithBody(
            """[{"id":1,"usd_amount":"1.50","btc_amount":null,"usd_profit_percentage":"Infinity","day_profit_btc_percentage":"NaN","btc_profit_percentage":"","api_keys_state":"isolated","is_locked":"maybe"}]"""));

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.Null(result.Error);
        var account = Assert.Single(result.Accounts);
        Assert.Equal(("1", "1.50", null, "isolated"), (account.Id, account.UsdAmount, account.BtcAmount, account.ApiKey!.State));
        Assert.Null(account.ApiKey.Masked);
    }

    [Fact]
    public async Task Fails_loudly_when_the_page_cap_is_hit()
    {
        await using var harness = await UpstreamHarness.StartAsync(
            new SandboxOptions { ThreeCommasAccounts = 30 },
            new Dictionary<string, string?> { ["ThreeCommas:PerPage"] = "10", ["ThreeCommas:MaxPages"] = "2" });

        var result = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.InvalidResponse, 200, requests: 2);
        Assert.Contains("ThreeCommas:MaxPages", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sees_data_changed_at_runtime_on_the_next_fetch()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        var before = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);
        harness.Sandbox.ThreeCommas.SetKeyState(0, "expired", invalid: true);
        harness.Sandbox.ThreeCommas.AccountCount = 15;

        var after = await harness.ThreeCommas.FetchAsync(harness.ThreeCommasCredentials, CancellationToken.None);

        Assert.False(before.Accounts[0].NeedsAttention);
        Assert.True(after.Accounts[0].NeedsAttention);
        Assert.Equal(15, after.Accounts.Count);
        Assert.Equal(before.Accounts[5], after.Accounts[5]);
    }

    [Fact]
    public async Task Fails_as_configuration_without_a_secret_or_rsa_key()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var result = await harness.ThreeCommas.FetchAsync(new SourceCredentials("key", null), CancellationToken.None);

        AssertFailure(result, UpstreamErrorKind.Configuration, null, requests: 0);
    }

    private static void AssertFailure(SourceFetchResult result, UpstreamErrorKind kind, int? status, int requests)
    {
        Assert.NotNull(result.Error);
        Assert.Equal(kind, result.Error.Kind);
        Assert.Equal(status, result.Error.HttpStatus);
        Assert.Equal(requests, result.Requests);
        Assert.Empty(result.Accounts);
        Assert.StartsWith("threecommas: ", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(UpstreamFailures.KindName(kind), result.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {(status is null ? "none" : status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}", result.Error.Message, StringComparison.Ordinal);
    }
}
