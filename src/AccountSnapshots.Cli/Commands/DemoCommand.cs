using System.CommandLine;
using System.Security.Cryptography;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// <c>account-snapshots demo</c>: the embedded default. Sandbox stand-ins on loopback whose data moves with time, a
/// local folder store filled with the last week of 15-minute slots (each through the real runner, the sandbox
/// answering as of that slot), one snapshot of both sources now, then schedules every minute and the HTTP API until
/// Ctrl+C. No network, no Azure.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Exit after the first snapshot, with its exit code." };
        var urls = SharedOptions.Urls(ServeCommand.DefaultUrls);
        var store = new Option<string>("--store") { Description = "Folder for the local store.", DefaultValueFactory = _ => ".demo", HelpName = "folder" };
        var faults = new Option<string[]>("--fault") { Description = "Inject a sandbox fault, e.g. threecommas:429, conduit:500x3, conduit:401 (repeatable).", HelpName = "source:fault" };
        var history = new Option<string>("--history")
        {
            Description = "How much past to fill first with the default 15-minute schedules, e.g. 7d, 30d, 12h; 0d skips it.",
            DefaultValueFactory = _ => "7d",
            HelpName = "duration",
        };
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("demo", "Try the product in one command: sandbox stand-ins, a local folder store, one snapshot of both sources, then the HTTP API on loopback.")
        {
            once,
            urls,
            store,
            faults,
            history,
            verbose,
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(once),
            parseResult.GetValue(urls)!,
            parseResult.GetValue(store)!,
            parseResult.GetValue(faults) ?? [],
            parseResult.GetValue(history)!,
            parseResult.GetValue(verbose),
            [.. parseResult.UnmatchedTokens],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool once, string urls, string storeFolder, string[] faults, string history, bool verbose, string[] settings, CancellationToken cancellationToken)
    {
        if (!TryParseHistory(history, out var window))
        {
            await Console.Error.WriteLineAsync($"error: --history: expected days like 7d or hours like 12h (at most 400d), got '{history}'");
            return ExitCodes.ConfigurationError;
        }

        List<SandboxFault> injected;
        var sandboxClock = new SandboxClock();
        var sandboxOptions = new SandboxOptions { MovesWithTime = true, TimeProvider = sandboxClock };
        try
        {
            injected = [.. faults.Select(SandboxFault.Parse)];
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
        return await CoreCommand.GuardAsync(async () =>
        {
            if (window > TimeSpan.Zero)
            {
                // The runs' own per-slot log lines would bury the progress bar: only errors are shown while filling.
                using var backfill = CoreServices.Build(configuration, verbose, quietLevel: LogLevel.Error);
                Console.WriteLine($"Filling {FormatWindow(window)} of history: every 15-minute slot of both sources, each through the runner against the sandbox as of that slot.");
                var summary = await DemoBackfill.RunAsync(backfill.Services, sandboxClock, TimeProvider.System.GetUtcNow(), window, Console.Error, cancellationToken);
                Console.WriteLine($"History: {summary}.");
            }

            // Injected faults are for the runs from now on, not for the past being filled.
            foreach (var fault in injected)
            {
                (fault.Api == SandboxFault.ThreeCommasApi ? sandbox.ThreeCommas.Faults : sandbox.Conduit.Faults).Enqueue(fault);
            }

            if (once)
            {
                using var host = CoreServices.Build(configuration, verbose);
                return await SnapshotOnceAsync(host.Services, cancellationToken);
            }

            await using var app = ServeHost.Build(configuration, urls, verbose);
            var firstRun = await SnapshotOnceAsync(app.Services, cancellationToken);
            return await ServeCommand.RunAppAsync(app, urls, cancellationToken, () =>
            {
                var baseUrl = app.Urls.FirstOrDefault() ?? urls;
                Console.WriteLine();
                Console.WriteLine($"API key (generated for this demo): {apiKey}");
                Console.WriteLine($"Status page: {baseUrl}/api/dashboard?code={apiKey}");
                Console.WriteLine($"  curl -i -H 'x-functions-key: {apiKey}' {baseUrl}/api/accounts/latest");
                Console.WriteLine($"  curl -s '{baseUrl}/api/accounts/latest?format=csv&code={apiKey}'");
                Console.WriteLine($"  curl -s {baseUrl}/api/health");
                Console.WriteLine($"Both sources run again every minute (first run exit code {firstRun}).");
            });
        }, cancellationToken);
    }

    private static async Task<int> SnapshotOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var results = await RunCommand.RunOnceAsync(services, "all", cancellationToken);
        Console.WriteLine();
        RunSummaryPrinter.Print(Console.Out, results, services.GetRequiredService<ISnapshotStore>().Description);
        return results.All(r => r.Status != SnapshotRunStatus.Failed) ? ExitCodes.Success : ExitCodes.SourceFailed;
    }

    /// <summary>Reads <c>7d</c>, <c>30d</c>, <c>12h</c> or <c>0d</c>; at most 400 days (the API's default history range).</summary>
    public static bool TryParseHistory(string text, out TimeSpan window)
    {
        window = TimeSpan.Zero;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        window = text[^1] switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            _ => TimeSpan.MinValue,
        };
        return window >= TimeSpan.Zero && window <= TimeSpan.FromDays(400);
    }

    private static string FormatWindow(TimeSpan window) =>
        window.TotalHours % 24 == 0 ? $"{window.TotalDays:0} days" : $"{window.TotalHours:0} hours";

    /// <summary>Checks a fault spec up front so a typo is one clear error line, not a failure inside the sandbox.</summary>
    public static string Validated(string fault)
    {
        _ = SandboxFault.Parse(fault);
        return fault;
    }
}
