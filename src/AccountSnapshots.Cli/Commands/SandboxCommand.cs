using System.CommandLine;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Sandbox;

namespace AccountSnapshots.Cli.Commands;

/// <summary><c>account-snapshots sandbox [--urls …]</c>: only the stand-ins, for dashboards or the Functions host.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var urls = SharedOptions.Urls("http://127.0.0.1:5080");
        var faults = new Option<string[]>("--fault") { Description = "Inject a fault, e.g. threecommas:429, conduit:500x3 (repeatable).", HelpName = "source:fault" };
        var conduitClients = new Option<int>("--conduit-clients") { Description = "Conduit clients to generate.", DefaultValueFactory = _ => new SandboxOptions().ConduitClients };
        var threeCommasAccounts = new Option<int>("--threecommas-accounts") { Description = "3Commas accounts to generate.", DefaultValueFactory = _ => new SandboxOptions().ThreeCommasAccounts };
        var movesWithTime = new Option<bool>("--moves-with-time") { Description = "Serve data that changes with the clock (balances walk, a key expires weekly, one failed Conduit slot a week), as the demo does." };
        var command = new Command("sandbox", "Run only the Conduit and 3Commas stand-ins on loopback until Ctrl+C.") { urls, faults, conduitClients, threeCommasAccounts, movesWithTime };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            SandboxOptions options;
            try
            {
                options = new SandboxOptions
                {
                    Urls = parseResult.GetValue(urls)!,
                    ConduitClients = parseResult.GetValue(conduitClients),
                    ThreeCommasAccounts = parseResult.GetValue(threeCommasAccounts),
                    MovesWithTime = parseResult.GetValue(movesWithTime),
                    Faults = [.. (parseResult.GetValue(faults) ?? []).Select(DemoCommand.Validated)],
                };
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"error: --fault: {ex.Message}");
                return ExitCodes.ConfigurationError;
            }

            await using var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
            Console.WriteLine($"Conduit stand-in:  {sandbox.ConduitBaseUrl}  (X-API-Key {sandbox.Credentials.ConduitApiKey}, X-API-Secret {sandbox.Credentials.ConduitApiSecret})");
            Console.WriteLine($"3Commas stand-in:  {sandbox.ThreeCommasBaseUrl}  (APIKEY {sandbox.Credentials.ThreeCommasApiKey}, HMAC secret {sandbox.Credentials.ThreeCommasApiSecret})");
            Console.WriteLine("These are sandbox credentials, not secrets. Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop the stand-ins.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
