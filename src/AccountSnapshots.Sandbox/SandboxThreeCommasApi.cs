using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// The 3Commas stand-in: <c>GET /public/api/ver1/accounts</c>, signed, paged (<c>per_page</c> 1-100). Account 1 has an
/// invalid, <c>expired</c> key; account 2 an unknown key state; account 3 is locked; account 4 has "Infinity"/"NaN"
/// percentages; profit fields use exponent strings and JSON numbers; amounts carry 40+ decimals.
/// </summary>
public sealed class SandboxThreeCommasApi : SandboxApi
{
    private static readonly SandboxExchange[] Exchanges =
    [
        new("Binance US Spot", "binance_us", "BinanceUs"), new("Bybit Spot", "bybit_spot", "BybitSpot"), new("Kraken", "kraken", "Kraken"),
        new("Coinbase Advanced", "coinbase", "Coinbase"), new("OKX Spot", "okx", "Okx"), new("KuCoin", "kucoin", "Kucoin"),
    ];

    private readonly ConcurrentDictionary<int, (string State, bool Invalid)> _keyStates = new();

    internal SandboxThreeCommasApi(int seed, int accountCount, SandboxTimeline? timeline)
        : base(seed, accountCount, timeline)
    {
    }

    /// <summary>Number of accounts served; may be changed while running (earlier accounts keep their data).</summary>
    public int AccountCount
    {
        get => Count;
        set => Count = value;
    }

    /// <summary>The exchange <c>api_key</c> values served in clear (tests assert they never reach a stored record).</summary>
    public IReadOnlyList<string> ExchangeApiKeys => [.. Enumerable.Range(0, AccountCount).Select(ExchangeApiKey)];

    /// <summary>The account id served at <paramref name="index"/>.</summary>
    public long AccountId(int index) => 10_000_000L + (index * 7919L) + Seed;

    /// <summary>The exchange api key of the account at <paramref name="index"/>.</summary>
    public string ExchangeApiKey(int index) => SandboxData.Alnum(SandboxData.RandomFor(Seed, 3, index), 64);

    /// <summary>Overrides the exchange key health of one account, e.g. <c>SetKeyState(0, "expired", true)</c>.</summary>
    public void SetKeyState(int index, string state, bool invalid) => _keyStates[index] = (state, invalid);

    /// <summary>Removes every key health override.</summary>
    public void ResetKeyStates() => _keyStates.Clear();

    internal override string ModeHeaderName => "Forced-Mode";

    internal override string MalformedBody => "[{\"id\":1,\"usd_amount\":}]";

    internal override string BodyStart => "[";

    internal override string ErrorBody(int status) => status switch
    {
        401 => "{\"error\":\"signature_invalid\",\"error_description\":\"Provided signature is invalid\"}",
        403 => "{\"error\":\"access_denied\",\"error_description\":\"Forbidden. Not enough permissions (ACCOUNTS_READ).\"}",
        418 => "{\"error\":\"ip_banned\",\"error_description\":\"Your IP is banned for repeated rate limit violations\"}",
        429 => "{\"error\":\"rate_limit_exceeded\",\"error_description\":\"Too many requests\"}",
        502 => "{\"error\":{\"status_code\":502}}",
        _ => $"{{\"error\":\"unknown_error\",\"error_description\":\"Sandbox fault {status}\"}}",
    };

    internal override Task WriteWholeAsync(Utf8JsonWriter writer, IQueryCollection query, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var (page, perPage) = SandboxHttp.ParsePaging(query);
        WritePage(writer, page ?? 1, perPage ?? 100, asOf);
        return Task.CompletedTask;
    }

    internal override async Task ServeAsync(HttpContext context, string target, DateTimeOffset time, SandboxOptions options)
    {
        var headers = context.Request.Headers;
        if (!SandboxHttp.FixedEquals(headers["APIKEY"].ToString(), options.Credentials.ThreeCommasApiKey)
            || !SandboxThreeCommasSignature.IsValid(target, headers["Signature"].ToString(), options))
        {
            await SandboxHttp.WriteTextAsync(context, 401, "application/json", ErrorBody(401));
            return;
        }

        if (headers.TryGetValue("Forced-Mode", out var mode) && mode.ToString() is not ("real" or "paper"))
        {
            await SandboxHttp.WriteTextAsync(context, 400, "application/json", "{\"error\":\"forced_mode_invalid\",\"error_description\":\"Forced-Mode must be real or paper\"}");
            return;
        }

        var (page, perPage) = SandboxHttp.ParsePaging(context.Request.Query);
        if (page is null or < 1 || perPage is null or < 1 or > 100)
        {
            await SandboxHttp.WriteTextAsync(context, 400, "application/json",
                "{\"error\":\"record_invalid\",\"error_description\":\"Invalid parameters\",\"error_attributes\":{\"per_page\":[\"must be between 1 and 100\"],\"page\":[\"must be at least 1\"]}}");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        WritePage(writer, page.Value, perPage.Value, options.TimeProvider.GetUtcNow());
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <remarks><paramref name="asOf"/> matters only when the data moves with time.</remarks>
    internal void WritePage(Utf8JsonWriter writer, int page, int perPage, DateTimeOffset asOf)
    {
        var count = AccountCount;
        var first = (long)(page - 1) * perPage;
        writer.WriteStartArray();
        for (var index = first; index < Math.Min(count, first + perPage); index++)
        {
            WriteAccount(writer, (int)index, asOf);
        }

        writer.WriteEndArray();
    }

    private void WriteAccount(Utf8JsonWriter writer, int index, DateTimeOffset asOf)
    {
        var random = SandboxData.RandomFor(Seed, 2, index);
        var (state, invalid) = index switch
        {
            1 => ("expired", true),
            2 => ("needs_reconnect", false),
            _ => ("ok", false),
        };
        if (Timeline is not null && SandboxTimeline.KeyState(index, asOf) is { } timed)
        {
            (state, invalid) = timed;
        }

        if (_keyStates.TryGetValue(index, out var overridden))
        {
            (state, invalid) = overridden;
        }

        var usd = SandboxData.Amount(random, 44, 90_000);
        var btc = index == 6 ? "4.7955955846052631578947368421052879749422e-04" : SandboxData.Amount(random, 44, 3);
        var profit = SandboxData.Amount(random, 48, 500);
        if (Timeline is not null)
        {
            usd = Timeline.Walk(1_000_000L + (index * 2L), usd, asOf);
            btc = index == 6 ? btc : Timeline.Walk(1_000_001L + (index * 2L), btc, asOf);
        }

        SandboxThreeCommasAccountJson.Write(writer, new SandboxThreeCommasAccount(
            index, AccountId(index), ExchangeApiKey(index), Exchanges[index % Exchanges.Length], state, invalid, usd, btc, profit));
    }
}
