using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// The Conduit stand-in: <c>GET /clients/accounts</c> with generated clients. Every asset and network of the
/// 2024-12-01 spec appears, amounts have 0, 2, 6 and 44 decimals, some are JSON numbers, and <c>totalBalances</c> is
/// the exact per-(asset, network) sum of the client balances.
/// </summary>
public sealed class SandboxConduitApi : SandboxApi
{
    /// <summary>The 2024-12-01 asset codes.</summary>
    public static IReadOnlyList<string> Assets { get; } = ["USD", "MXN", "BRL", "COP", "EUR", "NGN", "ARS", "GBP", "AED", "SGD", "HKD", "USDT", "USDC", "RLUSD"];

    /// <summary>The 2024-12-01 stablecoin networks.</summary>
    public static IReadOnlyList<string> Networks { get; } = ["ethereum", "tron", "solana", "polygon", "base", "xrpl"];

    private static readonly string[] Countries = ["US", "MX", "BR", "CO", "DE", "NG", "AR", "GB", "AE", "SG", "HK"];
    private static readonly string[] Names = ["Andes", "Pampa", "Lagos", "Marina", "Harbour", "Sierra", "Cobalt", "Jade", "Delta", "Orinoco", "Atlas", "Ceiba"];
    private static readonly string[] Suffixes = ["LLC", "S.A. de C.V.", "Ltda.", "Ltd", "S.A.S.", "FZE", "Pte. Ltd.", "GmbH"];
    private static readonly int[] Scales = [0, 2, 6, 44];

    internal SandboxConduitApi(int seed, int clientCount, SandboxTimeline? timeline)
        : base(seed, clientCount, timeline)
    {
    }

    /// <summary>Number of clients served; may be changed while running (earlier clients keep their data).</summary>
    public int ClientCount
    {
        get => Count;
        set => Count = value;
    }

    internal override string ModeHeaderName => "Api-Version";

    internal override string MalformedBody => "{\"data\":[{\"id\":\"client_x\",,]}";

    internal override string BodyStart => "{\"data\":[";

    internal override string ErrorBody(int status)
    {
        var code = status switch
        {
            401 => "API_KEY_INVALID",
            403 => "API_KEY_FORBIDDEN",
            429 => "RATE_LIMITED",
            >= 500 => "INTERNAL_ERROR",
            _ => "ERROR",
        };
        return $"{{\"errors\":[{{\"code\":\"{code}\",\"detail\":\"Sandbox fault {status}\"}}]}}";
    }

    internal override Task WriteWholeAsync(Utf8JsonWriter writer, IQueryCollection query, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        WriteAccountsAsync(writer, asOf, static _ => ValueTask.CompletedTask, cancellationToken);

    internal override async Task ServeAsync(HttpContext context, string target, DateTimeOffset time, SandboxOptions options)
    {
        if (Timeline is not null && SandboxTimeline.ConduitDown(time))
        {
            // The timeline's weekly failed slot: a 200 that is not JSON, which a client must refuse, not retry.
            await SandboxHttp.WriteTextAsync(context, 200, "text/html; charset=utf-8", SandboxHttp.MaintenancePage);
            return;
        }

        var headers = context.Request.Headers;
        if (!SandboxHttp.FixedEquals(headers["X-API-Key"].ToString(), options.Credentials.ConduitApiKey)
            || !SandboxHttp.FixedEquals(headers["X-API-Secret"].ToString(), options.Credentials.ConduitApiSecret))
        {
            await SandboxHttp.WriteTextAsync(context, 401, "application/json", "{\"errors\":[{\"code\":\"API_KEY_INVALID\",\"detail\":\"The API key or secret is missing or invalid\"}]}");
            return;
        }

        if (headers.TryGetValue("Api-Version", out var version) && version.ToString() != "2024-12-01")
        {
            await SandboxHttp.WriteTextAsync(context, 400, "application/json", "{\"errors\":[{\"code\":\"API_VERSION_INVALID\",\"detail\":\"Unsupported Api-Version\"}]}");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var bodyWriter = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(bodyWriter);
        await WriteAccountsAsync(writer, options.TimeProvider.GetUtcNow(), async cancellationToken => await bodyWriter.FlushAsync(cancellationToken), context.RequestAborted);
    }

    /// <summary>Writes the whole response, flushing every few clients so a 50,000-client body is never held whole.</summary>
    /// <remarks><paramref name="asOf"/> matters only when the data moves with time.</remarks>
    internal async Task WriteAccountsAsync(Utf8JsonWriter writer, DateTimeOffset asOf, Func<CancellationToken, ValueTask> flushAsync, CancellationToken cancellationToken)
    {
        var totals = new SortedDictionary<(string Asset, string Network), SandboxDecimal>();
        var count = ClientCount;
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        for (var i = 0; i < count; i++)
        {
            if (Timeline is not null && !SandboxTimeline.ClientActive(i, asOf))
            {
                continue;
            }

            WriteClient(writer, i, asOf, totals);
            if (i % 200 == 199)
            {
                writer.Flush();
                await flushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartObject("totalBalances");
        writer.WriteStartArray("available");
        foreach (var ((asset, network), total) in totals)
        {
            writer.WriteStartObject();
            writer.WriteString("asset", asset);
            if (network.Length > 0)
            {
                writer.WriteString("network", network);
            }

            writer.WriteString("amount", total.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        await flushAsync(cancellationToken);
    }

    private void WriteClient(Utf8JsonWriter writer, int index, DateTimeOffset asOf, SortedDictionary<(string, string), SandboxDecimal> totals)
    {
        var random = SandboxData.RandomFor(Seed, 1, index);
        writer.WriteStartObject();
        writer.WriteString("id", "client_" + SandboxData.Alnum(random, 27));
        writer.WriteString("accountId", "acct_" + SandboxData.Alnum(random, 27));
        writer.WriteString("businessLegalName", $"{Names[random.Next(Names.Length)]} {Names[random.Next(Names.Length)]} {Suffixes[random.Next(Suffixes.Length)]}");
        writer.WriteStartObject("balances");
        writer.WriteStartArray("available");
        var lines = 1 + (index % 4);
        for (var line = 0; line < lines; line++)
        {
            var assetIndex = ((index * 3) + (line * 5)) % Assets.Count;
            var asset = Assets[assetIndex];
            var network = asset is "USDT" or "USDC" or "RLUSD" ? Networks[(index + line) % Networks.Count] : "";
            var amount = (index + line) % 9 == 8 ? "0" : SandboxData.Amount(random, Scales[(index + line) % Scales.Length]);
            if (Timeline is not null)
            {
                amount = Timeline.Walk(((long)index * 8) + line, amount, asOf);
            }
            writer.WriteStartObject();
            writer.WriteString("asset", asset);
            if (network.Length > 0)
            {
                writer.WriteString("network", network);
            }

            if (index % 7 == 3 && line == 0)
            {
                // Some upstream amounts arrive as JSON numbers; their digits must survive exactly.
                writer.WriteNumberValueRaw("amount", amount);
            }
            else
            {
                writer.WriteString("amount", amount);
            }

            if (network.Length == 0)
            {
                writer.WriteString("country", Countries[assetIndex % Countries.Length]);
            }

            writer.WriteEndObject();
            if (!totals.TryGetValue((asset, network), out var total))
            {
                totals[(asset, network)] = total = new SandboxDecimal();
            }

            total.Add(amount);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        // A field the 2024-12-01 spec does not list: clients must ignore it.
        writer.WriteString("createdAt", "2025-01-15T10:00:00.000Z");
        writer.WriteEndObject();
    }
}
