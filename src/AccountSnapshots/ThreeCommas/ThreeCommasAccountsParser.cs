using System.Text;
using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.ThreeCommas;

/// <summary>
/// Reads one <c>GET /ver1/accounts</c> page with Utf8JsonReader: the root must be an array and each item needs an
/// <c>id</c>. Only <c>usd_amount</c> and <c>btc_amount</c> are aggregated and must be numbers; every other field
/// ("Infinity" percentages, exponent profits) is left to the raw copy.
/// </summary>
internal static class ThreeCommasAccountsParser
{
    public static List<AccountRecord> Parse(ReadOnlySpan<byte> json, AmountRules? rules = null)
    {
        rules ??= AmountRules.ThreeCommasDefault;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        JsonReading.Expect(ref reader, JsonTokenType.StartArray, "the root");
        var accounts = new List<AccountRecord>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            accounts.Add(ReadAccount(ref reader, $"[{accounts.Count}]", rules));
        }

        JsonReading.ExpectEnd(ref reader);
        return accounts;
    }

    private static AccountRecord ReadAccount(ref Utf8JsonReader reader, string what, AmountRules rules)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UpstreamFormatException($"{what} is not an object");
        }

        string? id = null, name = null, exchange = null, marketCode = null, usd = null, btc = null;
        string? apiKey = null, state = null, lockReason = null;
        bool? invalid = null, locked = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("exchange_name"u8))
            {
                exchange = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("market_code"u8))
            {
                marketCode = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("usd_amount"u8))
            {
                usd = JsonReading.ReadAmount(ref reader, $"{what}.usd_amount", required: false, rules);
            }
            else if (reader.ValueTextEquals("btc_amount"u8))
            {
                btc = JsonReading.ReadAmount(ref reader, $"{what}.btc_amount", required: false, rules);
            }
            else if (reader.ValueTextEquals("api_key"u8))
            {
                apiKey = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("api_keys_state"u8))
            {
                state = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("api_key_invalid"u8))
            {
                // Unlike the informational flags, this one drives an alert: "yes" must not read as "not invalid".
                reader.Read();
                invalid = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.Null => null,
                    _ => throw new UpstreamFormatException($"{what}.api_key_invalid is not a boolean"),
                };
            }
            else if (reader.ValueTextEquals("is_locked"u8))
            {
                locked = JsonReading.ReadOptionalBool(ref reader);
            }
            else if (reader.ValueTextEquals("lock_reason"u8))
            {
                lockReason = JsonReading.ReadOptionalString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new UpstreamFormatException($"{what} has no id");
        }

        return new AccountRecord
        {
            Source = SourceNames.ThreeCommas,
            Id = id,
            Name = name,
            Exchange = exchange,
            MarketCode = marketCode,
            UsdAmount = usd,
            BtcAmount = btc,
            ApiKey = new ApiKeyHealth { Masked = ApiKeyHealth.Mask(apiKey), Invalid = invalid ?? false, State = state },
            IsLocked = locked,
            LockReason = lockReason,
        };
    }

    /// <summary>Ids are integers beyond <see cref="int"/>; the raw token text is kept so no width is assumed.</summary>
    private static string? ReadId(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.String => JsonReading.Text(ref reader),
            _ => throw new UpstreamFormatException("an account id is neither a number nor a string"),
        };
    }
}
