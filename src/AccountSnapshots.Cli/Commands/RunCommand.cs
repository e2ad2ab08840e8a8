using System.CommandLine;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Cli.Commands;

/// <summary><c>account-snapshots run [--source all|conduit|threecommas]</c>: one snapshot now.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var source = SharedOptions.Source();
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("run", "Take one snapshot of the requested sources now and print a summary. Exit code 0 when every requested source succeeded, 1 when any failed, 2 on bad configuration.")
        {
            source,
            verbose,
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(source)!, parseResult.GetValue(verbose), [.. parseResult.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string source, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        return await CoreCommand.RunAsync(CliConfiguration.Build(settings), verbose, async services =>
        {
            var results = await RunOnceAsync(services, source, cancellationToken);
            RunSummaryPrinter.Print(Console.Out, results, services.GetRequiredService<ISnapshotStore>().Description);
            return results.All(r => r.Status != SnapshotRunStatus.Failed) ? ExitCodes.Success : ExitCodes.SourceFailed;
        }, cancellationToken);
    }

    /// <summary>Runs the requested sources at once for one manual slot (now, to the second).</summary>
    public static Task<IReadOnlyList<SnapshotRunResult>> RunOnceAsync(IServiceProvider services, string source, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<SnapshotRunner>();
        var slot = SnapshotSlot.Manual(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var sources = source == "all" ? SourceNames.All : [source];
        return runner.RunAllAsync(sources, slot, cancellationToken);
    }
}
