using System.CommandLine;
using System.Globalization;
using System.Text;
using AccountSnapshots.Api.Commands;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.History;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots history [--from] [--to] [--level] [--source] [--asset] [--clientId] [--accountId] [--step]
/// [--format table|json|csv]</c>: the rows <c>GET /api/accounts/history</c> answers, parsed and limited by the same code.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Start (inclusive): ISO 8601 with Z or an offset, epoch seconds or epoch milliseconds; default --to minus 7 days." };
        var to = new Option<string?>("--to") { Description = "End (exclusive), same forms; default now." };
        var level = new Option<string?>("--level") { Description = "total (per source, asset, network; default), client (Conduit per client) or account." };
        var source = new Option<string[]>("--source") { Description = "Only these sources (repeat the option or comma-separate)." };
        var asset = new Option<string[]>("--asset") { Description = "Only these assets." };
        var clientId = new Option<string[]>("--clientId", "--client-id") { Description = "Only these Conduit clients." };
        var accountId = new Option<string[]>("--accountId", "--account-id") { Description = "Only these accounts." };
        var step = new Option<string?>("--step") { Description = "One row per series per UTC bucket: 1m..59m, 1h..24h, 1d..31d or 1w." };
        var format = SharedOptions.RowsFormat();
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("history", "Print balances over time from the history index (the rows of GET /api/accounts/history).")
        {
            from, to, level, source, asset, clientId, accountId, step, format, verbose,
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var query = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal);
            Add(query, "from", parseResult.GetValue(from));
            Add(query, "to", parseResult.GetValue(to));
            Add(query, "level", parseResult.GetValue(level));
            Add(query, "step", parseResult.GetValue(step));
            Add(query, "source", parseResult.GetValue(source));
            Add(query, "asset", parseResult.GetValue(asset));
            Add(query, "clientId", parseResult.GetValue(clientId));
            Add(query, "accountId", parseResult.GetValue(accountId));
            return RunAsync(query, parseResult.GetValue(format)!, parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken);
        });
        return command;
    }

    private static void Add(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name, params string?[]? values)
    {
        if (values is { Length: > 0 } && values.Any(v => v is not null))
        {
            query[name] = values.Where(v => v is not null).ToArray();
        }
    }

    private static async Task<int> RunAsync(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parameters, string format, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            // Rendered before anything is printed: over Api:MaxHistoryRows nothing but the error is written.
            Func<Stream, IAsyncEnumerable<HistoryRow>, CancellationToken, Task> write = format switch
            {
                "json" => WriteJsonAsync,
                "csv" => HistoryCommandHandler.WriteCsvAsync,
                _ => WriteTableAsync,
            };

            // The API's own parser, so the command accepts and refuses exactly what the route does.
            await using var spool = await services.GetRequiredService<HistoryCommandHandler>().RenderAsync(CliQuery.Request(parameters), write, cancellationToken);
            if (spool.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {ToOptionNames(problem)}");
                return ExitCodes.ConfigurationError;
            }

            if (spool.Exceeded)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"error: the query gives {spool.RowCount} rows, more than Api:MaxHistoryRows ({spool.MaxRows}); add --step or filters (--source, --asset, --clientId, --accountId), or a shorter range."));
                return ExitCodes.ConfigurationError;
            }

            await using var stdout = Console.OpenStandardOutput();
            await spool.CopyToAsync(stdout, cancellationToken);
            return ExitCodes.Success;
        }, cancellationToken);
    }

    // The route's messages name query parameters; on the command line they are options.
    private static string ToOptionNames(string problem) => problem.Replace("Query parameter '", "Option '--", StringComparison.Ordinal).Replace("'from'", "'--from'", StringComparison.Ordinal).Replace("'to'", "'--to'", StringComparison.Ordinal);

    private static async Task WriteJsonAsync(Stream output, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken)
    {
        await HistoryCommandHandler.WriteJsonAsync(output, rows, cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }

    private static async Task WriteTableAsync(Stream output, IAsyncEnumerable<HistoryRow> rows, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = Environment.NewLine };
        await text.WriteLineAsync($"{"TIME",-20} {"SOURCE",-11} {"CLIENT",-14} {"ACCOUNT",-14} {"ASSET",-6} {"NETWORK",-9} {"AMOUNT",24}  SNAPSHOT AT");
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            count++;
            await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{CommandText.FormatUtc(row.Time),-20} {row.Source,-11} {row.ClientId ?? "-",-14} {row.AccountId ?? "-",-14} {row.Asset,-6} {row.Network ?? "-",-9} {row.Amount,24}  {CommandText.FormatUtc(row.SnapshotAt)}"));
        }

        if (count == 0)
        {
            await text.WriteLineAsync("No successful snapshot in this range.");
        }
    }
}
