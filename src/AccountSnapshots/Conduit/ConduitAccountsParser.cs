using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Money;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Conduit;

/// <summary>
/// Reads a <c>GET /clients/accounts</c> body with Utf8JsonReader (no DOM of the whole body). <c>data</c> and
/// <c>totalBalances</c> are required, as are each item's <c>id</c>, <c>accountId</c> and <c>balances.available</c>;
/// unknown fields are skipped (they stay in the raw copy) and unknown asset or network values are kept as strings.
/// </summary>
internal static class ConduitAccountsParser
{
    public static (List<AccountRecord> Accounts, List<BalanceRecord> Totals) Parse(ReadOnlySpan<byte> json, AmountRules? rules = null)
    {
        rules ??= AmountRules.ConduitDefault;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        JsonReading.Expect(ref reader, JsonTokenType.StartObject, "the root");
        List<AccountRecord>? accounts = null;
        List<BalanceRecord>? totals = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                accounts = ReadData(ref reader, rules);
            }
            else if (reader.ValueTextEquals("totalBalances"u8))
            {
                JsonReading.Expect(ref reader, JsonTokenType.StartObject, "totalBalances");
                totals = ReadBalancesObject(ref reader, "totalBalances", rules);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        JsonReading.ExpectEnd(ref reader);
        if (accounts is null)
        {
            throw new UpstreamFormatException("the required field data is missing");
        }

        if (totals is null)
        {
            throw new UpstreamFormatException("the required field totalBalances is missing");
        }

        return (accounts, totals);
    }

    private static List<AccountRecord> ReadData(ref Utf8JsonReader reader, AmountRules rules)
    {
        JsonReading.Expect(ref reader, JsonTokenType.StartArray, "data");
        var accounts = new List<AccountRecord>();

        // The account id keys the aggregate and the totals: a repeated one would double-count, as in 3Commas paging.
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var what = $"data[{accounts.Count}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException($"{what} is not an object");
            }

            string? id = null, accountId = null, name = null;
            List<BalanceRecord>? balances = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonReading.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("accountId"u8))
                {
                    accountId = JsonReading.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("businessLegalName"u8))
                {
                    name = JsonReading.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("balances"u8))
                {
                    JsonReading.Expect(ref reader, JsonTokenType.StartObject, $"{what}.balances");
                    balances = ReadBalancesObject(ref reader, $"{what}.balances", rules);
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

            if (string.IsNullOrEmpty(accountId))
            {
                throw new UpstreamFormatException($"{what} has no accountId");
            }

            if (balances is null)
            {
                throw new UpstreamFormatException($"{what} has no balances.available");
            }

            if (!seenIds.Add(accountId))
            {
                throw new UpstreamFormatException($"{what} repeats accountId {accountId}");
            }

            accounts.Add(new AccountRecord
            {
                Source = SourceNames.Conduit,
                Id = accountId,
                ClientId = id,
                Name = name,
                Balances = balances,
            });
        }

        return accounts;
    }

    /// <summary>Reads <c>{available:[AssetAmount…]}</c>; the reader is on the object's StartObject.</summary>
    private static List<BalanceRecord> ReadBalancesObject(ref Utf8JsonReader reader, string what, AmountRules rules)
    {
        List<BalanceRecord>? available = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("available"u8))
            {
                JsonReading.Expect(ref reader, JsonTokenType.StartArray, $"{what}.available");
                available = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    available.Add(ReadAssetAmount(ref reader, $"{what}.available[{available.Count}]", rules));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return available ?? throw new UpstreamFormatException($"{what}.available is missing");
    }

    private static BalanceRecord ReadAssetAmount(ref Utf8JsonReader reader, string what, AmountRules rules)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UpstreamFormatException($"{what} is not an object");
        }

        string? asset = null, network = null, amount = null, country = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("asset"u8))
            {
                asset = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("network"u8))
            {
                network = JsonReading.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("amount"u8))
            {
                amount = JsonReading.ReadAmount(ref reader, $"{what}.amount", required: true, rules);
            }
            else if (reader.ValueTextEquals("country"u8))
            {
                country = JsonReading.ReadOptionalString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(asset))
        {
            throw new UpstreamFormatException($"{what} has no asset");
        }

        return new BalanceRecord(asset, network, amount ?? throw new UpstreamFormatException($"{what} has no amount")) { Country = country };
    }
}
