namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// The test assembly's entry point (in place of the one Microsoft.NET.Test.Sdk generates, which does nothing): the
/// test runner never calls it; <see cref="BrowserProcess"/> starts the assembly with <see cref="Command"/> to drive
/// the browser in a child process.
/// </summary>
internal static class BrowserProgram
{
    public const string Command = "dashboard-browser";

    public static async Task<int> Main(string[] args) =>
        args.Length == 5 && args[0] == Command ? await DashboardBrowserScenario.RunAsync(args[1..]) : 0;
}
