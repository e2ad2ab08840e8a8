using System.CommandLine;
using System.Security.Cryptography;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots demo</c>: the embedded default. Sandbox stand-ins on loopback, a local folder store, one
/// snapshot of both sources at once, then schedules every minute and the HTTP API until Ctrl+C. No network, no Azure.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Exit after the first snapshot, with its exit code." };
        var urls = SharedOptions.Urls(ServeCommand.DefaultUrls);
        var store = new Option<string>("--store") { Description = "Folder for the local store.", DefaultValueFactory = _ => ".demo", HelpName = "folder" };
        var faults = new Option<string[]>("--fault") { Description = "Inject a sandbox fault, e.g. threecommas:429, conduit:500x3, conduit:401 (repeatable).", HelpName = "source:fault" };
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("demo", "Try the product in one command: sandbox stand-ins, a local folder store, one snapshot of both sources, then the HTTP API on loopback.")
        {
            once,
            urls,
            store,
            faults,
            verbose,
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(once),
            parseResult.GetValue(urls)!,
            parseResult.GetValue(store)!,
            parseResult.GetValue(faults) ?? [],
            parseResult.GetValue(verbose),
            [.. parseResult.UnmatchedTokens],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool once, string urls, string storeFolder, string[] faults, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        SandboxOptions sandboxOptions;
        try
        {
            sandboxOptions = new SandboxOptions { Faults = [.. faults.Select(Validated)] };
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"error: --fault: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }

        await using var sandbox = await SandboxServer.StartAsync(sandboxOptions, cancellationToken);
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var embedded = new Dictionary<string, string?>(sandbox.ClientSettings())
        {
            ["KeyVault:VaultUri"] = "",
            ["Storage:ConnectionString"] = "",
            ["Storage:ServiceUri"] = "",
            ["Storage:Directory"] = Path.GetFullPath(storeFolder),
            ["Api:Keys"] = apiKey,
            ["ConduitSnapshotSchedule"] = "0 * * * * *",
            ["ThreeCommasSnapshotSchedule"] = "30 * * * * *",
        };
        var configuration = CliConfiguration.Build(settings, embedded);
        Console.WriteLine($"Sandbox stand-ins of Conduit and 3Commas on {sandbox.BaseUrl} (loopback only).");
        try
        {
            if (once)
            {
                using var services = CoreServices.Build(configuration, verbose);
                return await SnapshotOnceAsync(services, cancellationToken);
            }

            await using var app = ServeHost.Build(configuration, urls, verbose);
            var firstRun = await SnapshotOnceAsync(app.Services, cancellationToken);
            return await ServeCommand.RunAppAsync(app, urls, cancellationToken, () =>
            {
                var baseUrl = app.Urls.FirstOrDefault() ?? urls;
                Console.WriteLine();
                Console.WriteLine($"API key (generated for this demo): {apiKey}");
                Console.WriteLine($"  curl -i -H 'x-functions-key: {apiKey}' {baseUrl}/api/accounts/latest");
                Console.WriteLine($"  curl -s '{baseUrl}/api/accounts/latest?format=csv&code={apiKey}'");
                Console.WriteLine($"  curl -s {baseUrl}/api/health");
                Console.WriteLine($"Both sources run again every minute (first run exit code {firstRun}).");
            });
        }
        catch (OptionsValidationException ex)
        {
            return CoreServices.ReportConfigurationError(ex);
        }
    }

    private static async Task<int> SnapshotOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var results = await RunCommand.RunOnceAsync(services, "all", cancellationToken);
        Console.WriteLine();
        RunSummaryPrinter.Print(Console.Out, results, services.GetRequiredService<ISnapshotStore>().Description);
        return results.All(r => r.Status != SnapshotRunStatus.Failed) ? ExitCodes.Success : ExitCodes.SourceFailed;
    }

    /// <summary>Checks a fault spec up front so a typo is one clear error line, not a failure inside the sandbox.</summary>
    public static string Validated(string fault)
    {
        _ = SandboxFault.Parse(fault);
        return fault;
    }
}
