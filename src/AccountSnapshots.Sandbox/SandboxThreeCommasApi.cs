using System.Collections.Concurrent;
using System.Globalization;
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
    private static readonly (string Name, string Code, string Pretty)[] Exchanges =
    [
        ("Binance US Spot", "binance_us", "BinanceUs"), ("Bybit Spot", "bybit_spot", "BybitSpot"), ("Kraken", "kraken", "Kraken"),
        ("Coinbase Advanced", "coinbase", "Coinbase"), ("OKX Spot", "okx", "Okx"), ("KuCoin", "kucoin", "Kucoin"),
    ];

    private readonly int _seed;
    private readonly SandboxTimeline? _timeline;
    private readonly ConcurrentDictionary<int, (string State, bool Invalid)> _keyStates = new();
    private int _accountCount;

    internal SandboxThreeCommasApi(int seed, int accountCount, SandboxTimeline? timeline)
    {
        _seed = seed;
        _accountCount = accountCount;
        _timeline = timeline;
    }

    /// <summary>Number of accounts served; may be changed while running (earlier accounts keep their data).</summary>
    public int AccountCount
    {
        get => Volatile.Read(ref _accountCount);
        set => Volatile.Write(ref _accountCount, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>The exchange <c>api_key</c> values served in clear (tests assert they never reach a stored record).</summary>
    public IReadOnlyList<string> ExchangeApiKeys => [.. Enumerable.Range(0, AccountCount).Select(ExchangeApiKey)];

    /// <summary>The account id served at <paramref name="index"/>.</summary>
    public long AccountId(int index) => 10_000_000L + (index * 7919L) + _seed;

    /// <summary>The exchange api key of the account at <paramref name="index"/>.</summary>
    public string ExchangeApiKey(int index) => SandboxData.Alnum(SandboxData.RandomFor(_seed, 3, index), 64);

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
        var random = SandboxData.RandomFor(_seed, 2, index);
        var exchange = Exchanges[index % Exchanges.Length];
        var (state, invalid) = index switch
        {
            1 => ("expired", true),
            2 => ("needs_reconnect", false),
            _ => ("ok", false),
        };
        if (_timeline is not null && SandboxTimeline.KeyState(index, asOf) is { } timed)
        {
            (state, invalid) = timed;
        }

        if (_keyStates.TryGetValue(index, out var overridden))
        {
            (state, invalid) = overridden;
        }

        var locked = index == 3;
        var usd = SandboxData.Amount(random, 44, 90_000);
        var btc = index == 6 ? "4.7955955846052631578947368421052879749422e-04" : SandboxData.Amount(random, 44, 3);
        var profit = SandboxData.Amount(random, 48, 500);
        if (_timeline is not null)
        {
            usd = _timeline.Walk(1_000_000L + (index * 2L), usd, asOf);
            btc = index == 6 ? btc : _timeline.Walk(1_000_001L + (index * 2L), btc, asOf);
        }
        var percentage = index == 4 ? "Infinity" : "6.31";

        writer.WriteStartObject();
        writer.WriteNumber("id", AccountId(index));
        writer.WriteNumber("auto_balance_period", 12);
        writer.WriteNull("auto_balance_portfolio_id");
        writer.WriteBoolean("autobalance_enabled", false);
        writer.WriteBoolean("is_locked", locked);
        writer.WriteBoolean("smart_trading_supported", true);
        writer.WriteStartObject("available_for_trading");
        writer.WriteEndObject();
        writer.WriteString("created_at", "2024-08-29T14:16:10.830Z");
        writer.WriteString("updated_at", "2024-09-26T12:28:43.736Z");
        writer.WriteBoolean("api_key_invalid", invalid);
        writer.WriteString("market_icon", $"https://3commas.io/img/exchanges/{exchange.Code}.png");
        writer.WriteBoolean("include_in_summary", true);
        writer.WriteStartArray("supported_market_types");
        writer.WriteStringValue("spot");
        writer.WriteEndArray();
        WriteMoney(writer, "primary_display_currency_profit_percentage", percentage);
        WriteMoney(writer, "primary_display_currency_profit", profit);
        WriteMoney(writer, "primary_display_currency_amount", usd);
        writer.WriteStartObject("total_primary_display_currency_profit");
        writer.WriteString("currency", "USD");
        writer.WriteNumberValueRaw("amount", index % 2 == 0 ? "5.1572211544" : "-0.05357667685386205");
        writer.WriteEndObject();
        writer.WriteString("api_key", ExchangeApiKey(index));
        writer.WriteString("name", $"My {exchange.Name} {index.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteNull("customer_id");
        if (locked)
        {
            writer.WriteString("lock_reason", "API key is invalid");
        }
        else
        {
            writer.WriteNull("lock_reason");
        }

        if (index % 5 == 0)
        {
            // The docs type amounts as strings, but a JSON number must be read exactly too.
            writer.WriteNumberValueRaw("usd_amount", usd);
        }
        else
        {
            writer.WriteString("usd_amount", usd);
        }

        writer.WriteString("btc_amount", btc);
        writer.WriteString("day_profit_btc", "-0.000004031634868039786596225955581137869169682309539066");
        writer.WriteString("day_profit_usd", "-1.0573748319477998456887445312498491129587827906685");
        writer.WriteString("day_profit_btc_percentage", index == 4 ? "NaN" : "-0.83");
        writer.WriteString("day_profit_usd_percentage", index == 4 ? "Infinity" : "-3.5");
        writer.WriteString("btc_profit", "0.00000185185085361031578947368421052879749422");
        writer.WriteString("usd_profit", profit);
        writer.WriteString("usd_profit_percentage", percentage);
        writer.WriteString("btc_profit_percentage", index == 4 ? "" : "0.39");
        writer.WriteString("total_btc_profit", index % 2 == 0 ? "1.6199672389633248e-06" : "-3.30980633289966e-05");
        writer.WriteString("total_usd_profit", "-1.1e-19");
        writer.WriteString("pretty_display_type", exchange.Pretty);
        writer.WriteString("exchange_name", exchange.Name);
        writer.WriteString("market_code", exchange.Code);
        writer.WriteString("api_keys_state", state);
        writer.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter writer, string name, string amount)
    {
        writer.WriteStartObject(name);
        writer.WriteString("currency", "USD");
        writer.WriteString("amount", amount);
        writer.WriteEndObject();
    }
}
