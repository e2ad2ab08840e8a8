using System.CommandLine;
using AccountSnapshots.Cli.Commands;
using AccountSnapshots.Cli.Hosting;

var root = new RootCommand(
    """
    account-snapshots: immutable snapshots of Conduit Financial and 3Commas account lists, the aggregate dashboards
    read, and the alert events on-call engines key on. Configuration: appsettings.json, user-secrets, environment
    (Storage__Directory, …) and --Section:Key=value on the command line.
    """)
{
    RunCommand.Create(),
    LatestCommand.Create(),
    HistoryCommand.Create(),
    ChangesCommand.Create(),
    EventsCommand.Create(),
    ReindexCommand.Create(),
    ServeCommand.Create(),
    DemoCommand.Create(),
    SandboxCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count == 0 && SettingArguments.FindError(parsed.UnmatchedTokens) is { } unknown)
{
    await Console.Error.WriteLineAsync(unknown);
    return 2;
}

// Serve and demo stop gracefully on Ctrl+C / SIGTERM; give in-flight runs time to unwind before the process ends.
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

// A usage error exits 2, as bad settings do: 1 means a source failed.
return parsed.Errors.Count > 0 ? 2 : exitCode;
