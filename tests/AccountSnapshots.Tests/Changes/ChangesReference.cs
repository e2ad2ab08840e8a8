using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace AccountSnapshots.Tests.Changes;

/// <summary>
/// Changes computed independently of the product: straight from the raw snapshot JSON (JsonDocument), with its own
/// BigInteger arithmetic and its own sort. Amounts are compared by value (canonical digits), so scale is no concern.
/// </summary>
internal static class ChangesReference
{
    /// <summary>source, clientId, accountId, name, asset, network, fromAmount, toAmount, change (canonical), fromSnapshotAt, toSnapshotAt.</summary>
    public sealed record Row(string Source, string? ClientId, string? AccountId, string? Name, string Asset, string? Network, string? From, string? To, string Change, string? FromAt, string? ToAt);

    public static List<Row> Compute(IEnumerable<byte[]> raw, DateTimeOffset from, DateTimeOffset to, string level, string[]? sources = null, string[]? assets = null)
    {
        var docs = raw.Select(Read).Where(d => d.Ok).ToList();
        var rows = new List<(Row Row, BigInteger Size, int Scale)>();
        foreach (var source in new[] { "conduit", "threecommas" })
        {
            if ((sources is not null && !sources.Contains(source)) || (level == "client" && source == "threecommas"))
            {
                continue;
            }

            var before = docs.Where(d => d.Source == source && d.Slot <= from).MaxBy(d => d.Slot);
            var after = docs.Where(d => d.Source == source && d.Slot <= to).MaxBy(d => d.Slot);
            var a = Group(before, level, assets);
            var b = Group(after, level, assets);
            foreach (var key in a.Keys.Union(b.Keys))
            {
                (string? Name, string Amount)? old = a.TryGetValue(key, out var x) ? x : null;
                (string? Name, string Amount)? now = b.TryGetValue(key, out var y) ? y : null;
                var change = Sub(now?.Amount ?? "0", old?.Amount ?? "0");
                if (old is not null && now is not null && change.Value.IsZero)
                {
                    continue;
                }

                rows.Add((new Row(source, key.Client, key.Account, (now ?? old)!.Value.Name, key.Asset, key.Network,
                    Canon(old?.Amount), Canon(now?.Amount), Canon(change), old is null ? null : Time(before!.Slot), now is null ? null : Time(after!.Slot)),
                    BigInteger.Abs(change.Value), change.Scale));
            }
        }

        // Sizes at one common scale so they compare by value.
        var scale = rows.Count == 0 ? 0 : rows.Max(r => r.Scale);
        return [.. rows
            .OrderBy(r => r.Row.Asset, StringComparer.Ordinal)
            .ThenByDescending(r => r.Size * BigInteger.Pow(10, scale - r.Scale))
            .ThenBy(r => r.Row.Source, StringComparer.Ordinal)
            .ThenBy(r => r.Row.ClientId, StringComparer.Ordinal)
            .ThenBy(r => r.Row.AccountId, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Network, StringComparer.Ordinal)
            .Select(r => r.Row)];
    }

    /// <summary>The response rows with amounts in canonical form; asserts changeValue is the change's own digits.</summary>
    public static List<Row> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e =>
        {
            Assert.Equal(12, e.EnumerateObject().Count());
            var change = e.GetProperty("change").GetString()!;
            Assert.Equal(change, e.GetProperty("changeValue").GetRawText());
            return new Row(
                e.GetProperty("source").GetString()!, Text(e, "clientId"), Text(e, "accountId"), Text(e, "name"),
                e.GetProperty("asset").GetString()!, Text(e, "network"), Canon(Text(e, "fromAmount")), Canon(Text(e, "toAmount")),
                Canon(change)!, Text(e, "fromSnapshotAt"), Text(e, "toSnapshotAt"));
        })];
    }

    private static Dictionary<(string? Client, string? Account, string Asset, string? Network), (string? Name, string Amount)> Group(
        (bool Ok, string Source, DateTimeOffset Slot, List<(string Account, string? Client, string? Name, string Asset, string? Network, string Amount)> Lines)? doc,
        string level, string[]? assets)
    {
        var result = new Dictionary<(string?, string?, string, string?), (string?, string)>();
        foreach (var line in doc?.Lines ?? [])
        {
            if (assets is not null && !assets.Contains(line.Asset, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = level switch
            {
                "account" => (line.Client, line.Account, line.Asset, line.Network),
                "client" => (line.Client, (string?)null, line.Asset, line.Network),
                _ => ((string?)null, (string?)null, line.Asset, line.Network),
            };
            var name = level == "account" ? line.Name : null;
            result[key] = result.TryGetValue(key, out var existing) ? (existing.Item1 ?? name, Format(Add(Number(existing.Item2), Number(line.Amount)))) : (name, line.Amount);
        }

        return result;
    }

    private static (bool Ok, string Source, DateTimeOffset Slot, List<(string, string?, string?, string, string?, string)> Lines) Read(byte[] raw)
    {
        using var json = JsonDocument.Parse(raw);
        var root = json.RootElement;
        var lines = new List<(string, string?, string?, string, string?, string)>();
        var ok = root.GetProperty("status").GetString() == "ok";
        if (ok)
        {
            foreach (var account in root.GetProperty("accounts").EnumerateArray())
            {
                var id = account.GetProperty("id").GetString()!;
                var client = Text(account, "clientId");
                var name = Text(account, "name");
                if (account.TryGetProperty("balances", out var balances))
                {
                    lines.AddRange(balances.EnumerateArray().Select(b => (id, client, name, b.GetProperty("asset").GetString()!, Text(b, "network"), b.GetProperty("amount").GetString()!)));
                    continue;
                }

                if (Text(account, "usdAmount") is { } usd)
                {
                    lines.Add((id, client, name, "USD", null, usd));
                }

                if (Text(account, "btcAmount") is { } btc)
                {
                    lines.Add((id, client, name, "BTC", null, btc));
                }
            }
        }

        return (ok, root.GetProperty("source").GetString()!, DateTimeOffset.Parse(root.GetProperty("slot").GetString()!, CultureInfo.InvariantCulture).ToUniversalTime(), lines);
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static (BigInteger Value, int Scale) Number(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? body : body.Remove(dot, 1);
        var value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        return (negative ? -value : value, dot < 0 ? 0 : body.Length - dot - 1);
    }

    private static (BigInteger Value, int Scale) Add((BigInteger Value, int Scale) a, (BigInteger Value, int Scale) b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return ((a.Value * BigInteger.Pow(10, scale - a.Scale)) + (b.Value * BigInteger.Pow(10, scale - b.Scale)), scale);
    }

    private static (BigInteger Value, int Scale) Sub(string a, string b)
    {
        var right = Number(b);
        return Add(Number(a), (-right.Value, right.Scale));
    }

    private static string Format((BigInteger Value, int Scale) n)
    {
        var digits = BigInteger.Abs(n.Value).ToString(CultureInfo.InvariantCulture).PadLeft(n.Scale + 1, '0');
        var text = n.Scale == 0 ? digits : digits[..^n.Scale] + "." + digits[^n.Scale..];
        return (n.Value.Sign < 0 ? "-" : "") + text;
    }

    private static string? Canon(string? text) => text is null ? null : Canon(Number(text));

    // The value with trailing fraction zeros dropped: "1.50" and "1.5" are the same amount.
    private static string Canon((BigInteger Value, int Scale) n)
    {
        while (n.Scale > 0 && n.Value % 10 == 0)
        {
            n = (n.Value / 10, n.Scale - 1);
        }

        return Format(n);
    }
}
