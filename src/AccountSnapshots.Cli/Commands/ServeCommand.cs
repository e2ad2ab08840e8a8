using System.CommandLine;
using AccountSnapshots.Cli.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace AccountSnapshots.Cli.Commands;

/// <summary><c>account-snapshots serve [--urls http://127.0.0.1:7071]</c>: schedules plus the HTTP API.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public static Command Create()
    {
        var urls = SharedOptions.Urls(DefaultUrls);
        var verbose = SharedOptions.Verbose();
        var command = SharedOptions.AllowSettings(new Command("serve", "Run both snapshot schedules (NCRONTAB, UTC; a missed occurrence runs once at start) and serve the HTTP API until Ctrl+C or SIGTERM.")
        {
            urls,
            verbose,
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            CliConfiguration.Build([.. parseResult.UnmatchedTokens]), parseResult.GetValue(urls)!, parseResult.GetValue(verbose), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, string urls, bool verbose, CancellationToken cancellationToken)
    {
        return await CoreCommand.GuardAsync(async () =>
        {
            await using var app = ServeHost.Build(configuration, urls, verbose);
            return await RunAppAsync(app, urls, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Starts the app, reports where it listens, and runs until cancelled.</summary>
    public static async Task<int> RunAppAsync(WebApplication app, string urls, CancellationToken cancellationToken, Action? onStarted = null)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on {urls}: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }

        Console.WriteLine($"Serving the HTTP API on {string.Join(", ", app.Urls)} (GET /api/accounts/latest, GET /api/accounts/history, GET /api/accounts/changes, GET /api/events, GET /api/health, GET /api/dashboard, GET /api/openapi.json); Ctrl+C to stop.");
        onStarted?.Invoke();

        // Ends on Ctrl+C / SIGTERM (either through the host's lifetime or the command line's token) with a graceful stop.
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
