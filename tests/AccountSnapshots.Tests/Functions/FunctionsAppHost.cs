using AccountSnapshots.Functions;
using AccountSnapshots.Sandbox;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AccountSnapshots.Tests.Functions;

/// <summary>
/// The Functions app's host built by <see cref="FunctionsApp.Configure"/>, the same call <c>Program.cs</c> makes,
/// over the sandbox upstreams and a temp folder store. Only two things differ from Azure, both after the app's own
/// registrations: the clock is a fake one (so the timer's slot is known) and Application Insights sends into an
/// in-memory channel instead of over the network (so the test sees every telemetry item the provider produced).
/// The host is built, not started: starting would connect to the Functions host's gRPC endpoint.
/// </summary>
internal sealed class FunctionsAppHost : IAsyncDisposable
{
    /// <summary>Two seconds after a Conduit slot (every 15 min) and long before the next 3Commas slot (…:07).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 6, 45, 2, TimeSpan.Zero);

    private readonly string _directory;

    private FunctionsAppHost(IHost host, SandboxServer sandbox, RecordingTelemetryChannel telemetry, FakeTimeProvider time, string directory)
    {
        Host = host;
        Sandbox = sandbox;
        Telemetry = telemetry;
        Time = time;
        _directory = directory;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public SandboxServer Sandbox { get; }

    public RecordingTelemetryChannel Telemetry { get; }

    public FakeTimeProvider Time { get; }

    public string StoreDirectory => _directory;

    public static async Task<FunctionsAppHost> StartAsync()
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        var directory = Path.Combine(Path.GetTempPath(), "as-functions-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(sandbox.ClientSettings())
        {
            ["Storage:Directory"] = directory,
            ["ConduitSnapshotSchedule"] = "0 */15 * * * *",
            ["ThreeCommasSnapshotSchedule"] = "0 7-59/15 * * * *",

            // The SDK sends nothing without an instrumentation key; the in-memory channel means nothing leaves.
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] =
                "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
        };

        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        FunctionsApp.Configure(builder);

        var time = new FakeTimeProvider(Now);
        var telemetry = new RecordingTelemetryChannel();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        builder.Services.RemoveAll<ITelemetryChannel>();
        builder.Services.AddSingleton<ITelemetryChannel>(telemetry);

        var host = builder.Build();
        return new FunctionsAppHost(host, sandbox, telemetry, time, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Sandbox.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
