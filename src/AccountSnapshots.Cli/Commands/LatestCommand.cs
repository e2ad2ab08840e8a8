using System.CommandLine;
using System.Globalization;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Api.Commands;
using AccountSnapshots.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Cli.Commands;

/// <summary><c>account-snapshots latest [--format table|json|csv]</c>: the current aggregate from the store.</summary>
internal static class LatestCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (for people), json (the exact bytes the HTTP API serves) or csv (one row per balance or valuation).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var at = new Option<string?>("--at")
        {
            Description = "The aggregate as it stood at this moment (ISO 8601 with Z or an offset, epoch seconds or milliseconds), from the history; adds asOf.",
        };
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("latest", "Print the current aggregate (latest/aggregate.json) from the store.") { format, at, verbose });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(format)!, parseResult.GetValue(at), parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string format, string? atText, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        DateTimeOffset at = default;
        if (atText is not null && !History.HistoryTimeParser.TryParse(atText, out at))
        {
            await Console.Error.WriteLineAsync($"error: Option '--at' has an unsupported value; allowed: {History.HistoryTimeParser.AllowedForms}.");
            return ExitCodes.ConfigurationError;
        }

        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            var (bytes, aggregate, storeDescription) = await services.GetRequiredService<LatestCommandHandler>().ReadAsync(atText is null ? null : at, cancellationToken);
            switch (format)
            {
                case "json":
                    using (var stdout = Console.OpenStandardOutput())
                    {
                        await stdout.WriteAsync(bytes, cancellationToken);
                    }

                    Console.WriteLine();
                    break;
                case "csv":
                    using (var stdout = Console.OpenStandardOutput())
                    {
                        await stdout.WriteAsync(LatestCommandHandler.WriteCsv(aggregate), cancellationToken);
                    }

                    break;
                default:
                    PrintTable(aggregate, storeDescription);
                    break;
            }

            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static void PrintTable(AggregateDocument aggregate, string? store)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(store is null ? "No aggregate yet: run `account-snapshots run` first." : string.Create(inv, $"Aggregate generated {aggregate.GeneratedAt:yyyy-MM-dd HH:mm:ss}Z from {store}"));
        Console.WriteLine();
        Console.WriteLine($"{"SOURCE",-12} {"STATUS",-7} {"ACCOUNTS",8}  {"SNAPSHOT AT",-20}  LAST ERROR");
        foreach (var s in aggregate.Sources)
        {
            var error = s.LastError is null ? "" : $"{CommandText.FailureKindName(s.LastError.Kind)}: {s.LastError.Message}";
            Console.WriteLine(string.Create(inv, $"{s.Source,-12} {s.Status,-7} {s.AccountCount,8}  {s.SnapshotAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", inv) ?? "-",-20}  {error}"));
        }

        Console.WriteLine();
        Console.WriteLine($"{"SOURCE",-12} {"ASSET",-6} {"NETWORK",-9} AMOUNT");
        foreach (var t in aggregate.Totals)
        {
            Console.WriteLine($"{t.Source,-12} {t.Asset,-6} {t.Network ?? "-",-9} {t.Amount}");
        }

        Console.WriteLine();
        if (aggregate.Alerts.Count == 0)
        {
            Console.WriteLine("No alerts.");
        }

        foreach (var a in aggregate.Alerts)
        {
            var subject = a.AccountId is not null ? $"account {a.AccountId} ({a.AccountName}) on {a.Exchange}: {a.State}" : a.Message;
            Console.WriteLine($"ALERT {a.Kind} [{a.Source}] {subject}");
        }
    }
}
