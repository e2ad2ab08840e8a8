using System.Globalization;
using System.Text.Json;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// One account object of the 3Commas stand-in, field for field as the real API writes it: money objects, nulls,
/// amounts as strings except every fifth as a JSON number, and the odd percentages ("Infinity", "NaN", "").
/// </summary>
internal static class SandboxThreeCommasAccountJson
{
    public static void Write(Utf8JsonWriter writer, SandboxThreeCommasAccount account)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", account.Id);
        writer.WriteNumber("auto_balance_period", 12);
        writer.WriteNull("auto_balance_portfolio_id");
        writer.WriteBoolean("autobalance_enabled", false);
        writer.WriteBoolean("is_locked", account.Locked);
        writer.WriteBoolean("smart_trading_supported", true);
        writer.WriteStartObject("available_for_trading");
        writer.WriteEndObject();
        writer.WriteString("created_at", "2024-08-29T14:16:10.830Z");
        writer.WriteString("updated_at", "2024-09-26T12:28:43.736Z");
        writer.WriteBoolean("api_key_invalid", account.Invalid);
        writer.WriteString("market_icon", $"https://3commas.io/img/exchanges/{account.Exchange.Code}.png");
        writer.WriteBoolean("include_in_summary", true);
        writer.WriteStartArray("supported_market_types");
        writer.WriteStringValue("spot");
        writer.WriteEndArray();
        WriteMoney(writer, "primary_display_currency_profit_percentage", account.Percentage);
        WriteMoney(writer, "primary_display_currency_profit", account.Profit);
        WriteMoney(writer, "primary_display_currency_amount", account.Usd);
        writer.WriteStartObject("total_primary_display_currency_profit");
        writer.WriteString("currency", "USD");
        writer.WriteNumberValueRaw("amount", account.Index % 2 == 0 ? "5.1572211544" : "-0.05357667685386205");
        writer.WriteEndObject();
        writer.WriteString("api_key", account.ApiKey);
        writer.WriteString("name", $"My {account.Exchange.Name} {account.Index.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteNull("customer_id");
        if (account.Locked)
        {
            writer.WriteString("lock_reason", "API key is invalid");
        }
        else
        {
            writer.WriteNull("lock_reason");
        }

        if (account.Index % 5 == 0)
        {
            // The docs type amounts as strings, but a JSON number must be read exactly too.
            writer.WriteNumberValueRaw("usd_amount", account.Usd);
        }
        else
        {
            writer.WriteString("usd_amount", account.Usd);
        }

        writer.WriteString("btc_amount", account.Btc);
        writer.WriteString("day_profit_btc", "-0.000004031634868039786596225955581137869169682309539066");
        writer.WriteString("day_profit_usd", "-1.0573748319477998456887445312498491129587827906685");
        writer.WriteString("day_profit_btc_percentage", account.Index == 4 ? "NaN" : "-0.83");
        writer.WriteString("day_profit_usd_percentage", account.Index == 4 ? "Infinity" : "-3.5");
        writer.WriteString("btc_profit", "0.00000185185085361031578947368421052879749422");
        writer.WriteString("usd_profit", account.Profit);
        writer.WriteString("usd_profit_percentage", account.Percentage);
        writer.WriteString("btc_profit_percentage", account.Index == 4 ? "" : "0.39");
        writer.WriteString("total_btc_profit", account.Index % 2 == 0 ? "1.6199672389633248e-06" : "-3.30980633289966e-05");
        writer.WriteString("total_usd_profit", "-1.1e-19");
        writer.WriteString("pretty_display_type", account.Exchange.Pretty);
        writer.WriteString("exchange_name", account.Exchange.Name);
        writer.WriteString("market_code", account.Exchange.Code);
        writer.WriteString("api_keys_state", account.KeyState);
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
