using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AccountSnapshots.Tests.Api.Dashboard;

/// <summary>
/// Runs <see cref="DashboardBrowserScenario"/> in a child process of this test assembly. Playwright's .NET client
/// serializes its protocol with reflection-based System.Text.Json, which this test project turns off (so a type
/// missing from the core's JsonSerializerContext fails loudly); the child runs the same assembly with a copy of its
/// runtimeconfig that turns it back on, and only the browser code runs there.
/// </summary>
internal static class BrowserProcess
{
    private const string ReflectionSwitch = "System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<JsonElement> RunAsync(string scenario, Uri page, string screenshotName)
    {
        var assembly = typeof(BrowserProcess).Assembly.Location;
        var directory = Path.Combine(Path.GetTempPath(), "as-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(assembly, ".runtimeconfig.json")))!;
            runtimeConfig["runtimeOptions"]!["configProperties"]![ReflectionSwitch] = true;
            var configPath = Path.Combine(directory, "browser.runtimeconfig.json");
            await File.WriteAllTextAsync(configPath, runtimeConfig.ToJsonString());
            var resultPath = Path.Combine(directory, "result.json");

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "exec", "--runtimeconfig", configPath, "--depsfile", Path.ChangeExtension(assembly, ".deps.json"), assembly,
                BrowserProgram.Command, scenario, page.ToString(), screenshotName, resultPath,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The browser scenario '{scenario}' did not finish in {Timeout}.");
            }

            Assert.True(process.ExitCode == 0 && File.Exists(resultPath), $"The browser scenario '{scenario}' failed ({process.ExitCode}):\n{await output}\n{await error}");
            using var result = JsonDocument.Parse(await File.ReadAllBytesAsync(resultPath));
            return result.RootElement.Clone();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
