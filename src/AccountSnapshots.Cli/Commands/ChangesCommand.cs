using System.CommandLine;
using System.Globalization;
using AccountSnapshots.Api.Commands;
using AccountSnapshots.Changes;
using AccountSnapshots.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots changes [--from] [--to] [--level] [--source] [--asset] [--clientId] [--accountId]
/// [--minChange] [--limit] [--format table|json|csv]</c>: the rows of <c>GET /api/accounts/changes</c>, parsed by the same code.
/// </summary>
internal static class ChangesCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Compare from this moment (ISO 8601 with Z or an offset, epoch seconds or ms); default --to minus 7 days." };
        var to = new Option<string?>("--to") { Description = "Compare to this moment, same forms; default now." };
        var level = new Option<string?>("--level") { Description = "total (default), client (Conduit per client) or account." };
        var source = new Option<string[]>("--source") { Description = "Only these sources (repeat or comma-separate)." };
        var asset = new Option<string[]>("--asset") { Description = "Only these assets." };
        var clientId = new Option<string[]>("--clientId", "--client-id") { Description = "Only these Conduit clients." };
        var accountId = new Option<string[]>("--accountId", "--account-id") { Description = "Only these accounts." };
        var minChange = new Option<string?>("--minChange", "--min-change") { Description = "Drop moves smaller than this (absolute, exact decimal)." };
        var limit = new Option<string?>("--limit") { Description = "At most this many rows (largest moves first within each asset)." };
        var format = SharedOptions.RowsFormat();
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("changes", "Print what moved between two moments (the rows of GET /api/accounts/changes).")
        {
            from, to, level, source, asset, clientId, accountId, minChange, limit, format, verbose,
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var query = new Dictionary<string, StringValues>(StringComparer.Ordinal);
            CliQuery.Add(query, "from", parseResult.GetValue(from));
            CliQuery.Add(query, "to", parseResult.GetValue(to));
            CliQuery.Add(query, "level", parseResult.GetValue(level));
            CliQuery.Add(query, "source", parseResult.GetValue(source));
            CliQuery.Add(query, "asset", parseResult.GetValue(asset));
            CliQuery.Add(query, "clientId", parseResult.GetValue(clientId));
            CliQuery.Add(query, "accountId", parseResult.GetValue(accountId));
            CliQuery.Add(query, "minChange", parseResult.GetValue(minChange));
            CliQuery.Add(query, "limit", parseResult.GetValue(limit));
            return RunAsync(query, parseResult.GetValue(format)!, parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, StringValues> parameters, string format, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            var (rows, problem) = await services.GetRequiredService<ChangesCommandHandler>().ReadAsync(CliQuery.Request(parameters), cancellationToken);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"error: {CliQuery.ToOptionNames(problem)}");
                return ExitCodes.ConfigurationError;
            }

            await RowsOutput.WriteAsync(
                format,
                (stream, ct) => ChangesCommandHandler.WriteJsonAsync(stream, rows, ct),
                async (stream, ct) => await stream.WriteAsync(ChangesCommandHandler.WriteCsv(rows), ct),
                () => PrintTable(rows),
                cancellationToken);

            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static void PrintTable(IReadOnlyList<ChangeRow> rows)
    {
        Console.WriteLine($"{"SOURCE",-11} {"CLIENT",-14} {"ACCOUNT",-14} {"ASSET",-6} {"NETWORK",-9} {"FROM",24} {"TO",24} {"CHANGE",24}");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Source,-11} {row.ClientId ?? "-",-14} {row.AccountId ?? "-",-14} {row.Asset,-6} {row.Network ?? "-",-9} {row.FromAmount ?? "-",24} {row.ToAmount ?? "-",24} {row.Change,24}"));
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("Nothing moved between these moments.");
        }
    }
}
