using System.CommandLine;
using System.Globalization;
using AccountSnapshots.Api.Commands;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots events [--from] [--to] [--source] [--kind] [--format table|json|csv]</c>: the rows
/// <c>GET /api/events</c> answers, parsed by the same code.
/// </summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Start (inclusive): ISO 8601 with Z or an offset, epoch seconds or epoch milliseconds; default --to minus 7 days." };
        var to = new Option<string?>("--to") { Description = "End (exclusive), same forms; default now." };
        var source = new Option<string[]>("--source") { Description = "Only these sources (repeat or comma-separate)." };
        var kind = new Option<string[]>("--kind") { Description = $"Only these kinds: {string.Join(", ", EventKinds.All)}." };
        var format = SharedOptions.RowsFormat();
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("events", "Print the event timeline (exchange keys, rejected credentials, failed slots, totals mismatches, stale sources) of GET /api/events.")
        {
            from, to, source, kind, format, verbose,
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var query = new Dictionary<string, StringValues>(StringComparer.Ordinal);
            CliQuery.Add(query, "from", parseResult.GetValue(from));
            CliQuery.Add(query, "to", parseResult.GetValue(to));
            CliQuery.Add(query, "source", parseResult.GetValue(source));
            CliQuery.Add(query, "kind", parseResult.GetValue(kind));
            return RunAsync(query, parseResult.GetValue(format)!, parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, StringValues> parameters, string format, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            var (rows, problem) = await services.GetRequiredService<EventsCommandHandler>().ReadAsync(CliQuery.Request(parameters), cancellationToken);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"error: {CliQuery.ToOptionNames(problem)}");
                return ExitCodes.ConfigurationError;
            }

            await RowsOutput.WriteAsync(
                format,
                (stream, ct) => EventsCommandHandler.WriteJsonAsync(stream, rows, ct),
                async (stream, ct) => await stream.WriteAsync(EventsCommandHandler.WriteCsv(rows), ct),
                () => PrintTable(rows),
                cancellationToken);

            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static void PrintTable(IReadOnlyList<EventRow> rows)
    {
        Console.WriteLine($"{"TIME",-20} {"END",-20} {"KIND",-22} {"SOURCE",-11} {"ACCOUNT",-14} TITLE");
        foreach (var row in rows)
        {
            var end = row.TimeEnd is { } e ? (e == row.Time ? "-" : CommandText.FormatUtc(e)) : "(open)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{CommandText.FormatUtc(row.Time),-20} {end,-20} {row.Kind,-22} {row.Source,-11} {row.AccountId ?? "-",-14} {row.Title}"));
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("No events in this range.");
        }
    }
}
