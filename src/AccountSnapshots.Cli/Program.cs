using System.CommandLine;
using AccountSnapshots.Cli.Commands;

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

// Serve and demo stop gracefully on Ctrl+C / SIGTERM; give in-flight runs time to unwind before the process ends.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
