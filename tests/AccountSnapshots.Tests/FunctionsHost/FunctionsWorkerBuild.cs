using System.Text.Json;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The built Functions app (src/AccountSnapshots.Functions/bin/&lt;Configuration&gt;/net10.0) the stand-in starts, found by
/// path from the repository root so the test project needs no reference to the Functions project. The configuration
/// is the test assembly's own (Release under eng/test.sh), so a test never runs a stale build of the other one.
/// </summary>
internal sealed class FunctionsWorkerBuild
{
    private FunctionsWorkerBuild(string directory, string executable, string workerPath)
    {
        Directory = directory;
        Executable = executable;
        WorkerPath = workerPath;
    }

    /// <summary>The app folder: worker directory and function app directory at once, as for a deployed isolated app.</summary>
    public string Directory { get; }

    /// <summary><c>defaultExecutablePath</c> from worker.config.json (<c>dotnet</c>).</summary>
    public string Executable { get; }

    /// <summary><c>defaultWorkerPath</c> from worker.config.json, relative to <see cref="Directory"/>.</summary>
    public string WorkerPath { get; }

    public static FunctionsWorkerBuild Locate()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent?.Name
            ?? throw new InvalidOperationException($"Cannot tell the build configuration from {AppContext.BaseDirectory}.");
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Functions.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}: cannot find the Functions app.");
        }

        var directory = Path.Combine(root.FullName, "src", "AccountSnapshots.Functions", "bin", configuration, framework);
        var workerConfig = Path.Combine(directory, "worker.config.json");
        foreach (var required in new[] { "AccountSnapshots.Functions.dll", "functions.metadata", "worker.config.json", "host.json" })
        {
            if (!File.Exists(Path.Combine(directory, required)))
            {
                throw new InvalidOperationException(
                    $"The built Functions app is missing ({Path.Combine(directory, required)} not found). Build the solution first: "
                    + $"`dotnet build Functions.sln -c {configuration}` in {root.FullName} (eng/test.sh builds Functions.sln before testing).");
            }
        }

        using var config = JsonDocument.Parse(File.ReadAllText(workerConfig));
        var description = config.RootElement.GetProperty("description");
        return new FunctionsWorkerBuild(
            directory,
            description.GetProperty("defaultExecutablePath").GetString()!,
            description.GetProperty("defaultWorkerPath").GetString()!);
    }
}
