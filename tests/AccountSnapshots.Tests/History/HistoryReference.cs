using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// The history computed independently of the product: straight from the raw snapshot JSON (parsed with JsonDocument,
/// not the product's types), summed with its own BigInteger arithmetic, bucketed and sorted by its own rules.
/// Rows are tuples of the response's text fields, so a comparison covers every field.
/// </summary>
internal static class HistoryReference
{
    public sealed record Query(
        DateTimeOffset From,
        DateTimeOffset To,
        string Level = "total",
        string[]? Sources = null,
        string[]? Assets = null,
        string[]? ClientIds = null,
        string[]? AccountIds = null,
        string? Step = null);

    /// <summary>time, source, clientId, accountId, name, asset, network, amount, value, snapshotAt.</summary>
    public sealed record Row(string Time, string Source, string? ClientId, string? AccountId, string? Name, string Asset, string? Network, string Amount, string Value, string SnapshotAt);

    public static List<Row> Compute(IEnumerable<byte[]> rawSnapshots, Query query)
    {
        var docs = new List<(string Source, DateTimeOffset Slot, List<(string Account, string? Client, string? Name, string Asset, string? Network, string Amount)> Lines)>();
        foreach (var raw in rawSnapshots)
        {
            using var json = JsonDocument.Parse(raw);
            var root = json.RootElement;
            if (root.GetProperty("status").GetString() != "ok")
            {
                continue;
            }

            var source = root.GetProperty("source").GetString()!;
            var slot = DateTimeOffset.Parse(root.GetProperty("slot").GetString()!, CultureInfo.InvariantCulture).ToUniversalTime();
            var lines = new List<(string, string?, string?, string, string?, string)>();
            foreach (var account in root.GetProperty("accounts").EnumerateArray())
            {
                var id = account.GetProperty("id").GetString()!;
                var client = Text(account, "clientId");
                var name = Text(account, "name");
                if (account.TryGetProperty("balances", out var balances))
                {
                    foreach (var b in balances.EnumerateArray())
                    {
                        lines.Add((id, client, name, b.GetProperty("asset").GetString()!, Text(b, "network"), b.GetProperty("amount").GetString()!));
                    }
                }
                else
                {
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

            docs.Add((source, slot, lines));
        }

        var inRange = docs
            .Where(d => d.Slot >= query.From && d.Slot < query.To)
            .Where(d => query.Sources is null || query.Sources.Contains(d.Source))
            .Where(d => d.Source == "conduit" || (query.Level != "client" && query.ClientIds is null))
            .ToList();
        if (query.Step is not null)
        {
            inRange = [.. inRange.GroupBy(d => (d.Source, Bucket(d.Slot, query.Step))).Select(g => g.MaxBy(d => d.Slot))];
        }

        var rows = new List<Row>();
        foreach (var doc in inRange)
        {
            var time = query.Step is null ? doc.Slot : Bucket(doc.Slot, query.Step);
            var lines = doc.Lines
                .Where(l => query.Assets is null || query.Assets.Contains(l.Asset, StringComparer.OrdinalIgnoreCase))
                .Where(l => query.ClientIds is null || (l.Client is not null && query.ClientIds.Contains(l.Client)))
                .Where(l => query.AccountIds is null || query.AccountIds.Contains(l.Account));
            var grouped = query.Level switch
            {
                "account" => lines.GroupBy(l => (l.Client, Account: (string?)l.Account, l.Name, l.Asset, l.Network)),
                "client" => lines.GroupBy(l => (l.Client, Account: (string?)null, Name: (string?)null, l.Asset, l.Network)),
                _ => lines.GroupBy(l => (Client: (string?)null, Account: (string?)null, Name: (string?)null, l.Asset, l.Network)),
            };
            foreach (var g in grouped)
            {
                var amount = Sum(g.Select(l => l.Amount));
                rows.Add(new Row(Format(time), doc.Source, g.Key.Client, g.Key.Account, g.Key.Name, g.Key.Asset, g.Key.Network, amount, amount, Format(doc.Slot)));
            }
        }

        return [.. rows
            .OrderBy(r => r.Time, StringComparer.Ordinal)
            .ThenBy(r => r.Source, StringComparer.Ordinal)
            .ThenBy(r => r.ClientId, StringComparer.Ordinal)
            .ThenBy(r => r.AccountId, StringComparer.Ordinal)
            .ThenBy(r => r.Asset, StringComparer.Ordinal)
            .ThenBy(r => r.Network, StringComparer.Ordinal)];
    }

    /// <summary>The rows of an API JSON body, with <c>value</c> as its raw JSON text.</summary>
    public static List<Row> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        return [.. document.RootElement.EnumerateArray().Select(r => new Row(
            r.GetProperty("time").GetString()!,
            r.GetProperty("source").GetString()!,
            r.GetProperty("clientId").GetString(),
            r.GetProperty("accountId").GetString(),
            r.GetProperty("name").GetString(),
            r.GetProperty("asset").GetString()!,
            r.GetProperty("network").GetString(),
            r.GetProperty("amount").GetString()!,
            r.GetProperty("value").GetRawText(),
            r.GetProperty("snapshotAt").GetString()!))];
    }

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Bucket(DateTimeOffset at, string step)
    {
        var count = int.Parse(step[..^1], CultureInfo.InvariantCulture);
        var seconds = step[^1] switch { 'm' => 60L, 'h' => 3600L, 'd' => 86400L, _ => 7 * 86400L } * count;

        // Weeks start on Monday; 1970-01-01 was a Thursday, so Monday-aligned weeks are offset by 4 days.
        var origin = step[^1] == 'w' ? 4 * 86400L : 0;
        var t = at.ToUnixTimeSeconds() - origin;
        return DateTimeOffset.FromUnixTimeSeconds((t - (((t % seconds) + seconds) % seconds)) + origin);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Sum(IEnumerable<string> amounts)
    {
        BigInteger total = 0;
        var scale = 0;
        foreach (var amount in amounts)
        {
            var negative = amount.StartsWith('-');
            var digits = negative ? amount[1..] : amount;
            var point = digits.IndexOf('.', StringComparison.Ordinal);
            var fraction = point < 0 ? "" : digits[(point + 1)..];
            var value = BigInteger.Parse(digits.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            if (fraction.Length > scale)
            {
                total *= BigInteger.Pow(10, fraction.Length - scale);
                scale = fraction.Length;
            }

            value *= BigInteger.Pow(10, scale - fraction.Length);
            total += negative ? -value : value;
        }

        var text = BigInteger.Abs(total).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var result = scale == 0 ? text : text[..^scale] + "." + text[^scale..];
        return total.Sign < 0 ? "-" + result : result;
    }
}
