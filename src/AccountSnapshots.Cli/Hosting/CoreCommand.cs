using AccountSnapshots.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// The frame every command runs in: the failures all commands share become one message and one exit code each —
/// invalid settings (each line names the setting), an unreachable store, and Ctrl+C.
/// </summary>
internal static class CoreCommand
{
    /// <summary>Builds the core from <paramref name="configuration"/> and runs <paramref name="body"/> on it.</summary>
    public static Task<int> RunAsync(
        IConfiguration configuration, bool verbose, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken, LogLevel quietLevel = LogLevel.Warning) =>
        GuardAsync(async () =>
        {
            using var host = CoreServices.Build(configuration, verbose, quietLevel);
            return await body(host.Services);
        }, cancellationToken);

    /// <summary>Runs <paramref name="body"/>, turning the shared failures into their exit codes.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures.Distinct(StringComparer.Ordinal))
            {
                await Console.Error.WriteLineAsync($"configuration error: {failure}");
            }

            return ExitCodes.ConfigurationError;
        }
        catch (SnapshotStoreException ex)
        {
            await Console.Error.WriteLineAsync($"storage error: {ex.Message}");
            return ExitCodes.StorageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("interrupted: work in flight was cancelled; nothing partial was written");
            return ExitCodes.Interrupted;
        }
    }
}
