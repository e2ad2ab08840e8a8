using System.Diagnostics;
using System.Text;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The worker process as the host starts it (worker.config.json's executable and worker path, the app folder as
/// working directory, app settings as environment variables) with its console output kept for assertions and error
/// messages. Disposing kills the whole process tree if it is still running: no path leaves a worker behind.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the worker wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(FunctionsWorkerBuild build, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(build.Executable)
        {
            WorkingDirectory = build.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(build.WorkerPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test runner's own environment names would change the worker's configuration (Development loads user
        // secrets and turns on scope validation); Azure sets neither.
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("AZURE_FUNCTIONS_ENVIRONMENT");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {build.Executable} {build.WorkerPath}."));
    }

    /// <summary>Completes when the process exits (for racing against protocol waits).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
