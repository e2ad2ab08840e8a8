using System.CommandLine;
using System.Globalization;
using AccountSnapshots.Api.Commands;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.History;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots reindex [--from yyyy-MM-dd] [--to yyyy-MM-dd]</c>: rebuilds the history index of those UTC days
/// (all by default) from the immutable snapshots; safe beside live runs (conditional writes keep their slots).
/// </summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "First UTC day to rebuild (yyyy-MM-dd, or any history time form); default the first snapshot's day." };
        var to = new Option<string?>("--to") { Description = "Last UTC day to rebuild (inclusive); default the last snapshot's day." };
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("reindex", "Rebuild the history index (history/…) from the snapshots in the store.") { from, to, verbose });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(from), parseResult.GetValue(to), parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? fromText, string? toText, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        if (!TryDay(fromText, out var from) || !TryDay(toText, out var to))
        {
            await Console.Error.WriteLineAsync($"error: --from and --to take a UTC day (yyyy-MM-dd) or {HistoryTimeParser.AllowedForms}.");
            return ExitCodes.ConfigurationError;
        }

        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            var summary = await services.GetRequiredService<ReindexCommandHandler>().ReindexAsync(from, to, cancellationToken);
            var seconds = Math.Max(summary.Elapsed.TotalSeconds, 1e-6);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reindexed {summary.Snapshots} snapshot(s) ({summary.SnapshotBytes} bytes) into {summary.DaysWritten} index object(s) in {summary.Elapsed.TotalSeconds:0.000} s ({summary.Snapshots / seconds:0.0} snapshots/s)."));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        if (HistoryTimeParser.TryParse(text, out var at))
        {
            day = HistoryPaths.DayOf(at);
            return true;
        }

        return false;
    }
}
