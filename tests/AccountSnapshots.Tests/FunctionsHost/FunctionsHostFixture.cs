using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Infrastructure;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// One built Functions worker under the host stand-in, with everything of ours real and every Microsoft service a
/// stand-in: Azurite for storage, the sandbox for Conduit and 3Commas, the loopback ingestion endpoint for
/// Application Insights. Settings reach the worker as app settings do in Azure: environment variables.
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    /// <summary>Once a year, so the slot a run serves is the same for every invocation in a test run.</summary>
    public const string ConduitSchedule = "0 0 0 1 1 *";

    /// <summary>Also yearly, seven minutes after Conduit's (as the real schedules are offset).</summary>
    public const string ThreeCommasSchedule = "0 7 0 1 1 *";

    private readonly AzuriteFixture _azurite = new();

    internal FunctionsWorkerBuild Build { get; private set; } = null!;

    internal AzuriteFixture Azurite => _azurite;

    internal SandboxServer Sandbox { get; private set; } = null!;

    internal IngestionStandIn Ingestion { get; private set; } = null!;

    internal FunctionsHostStandIn Host { get; private set; } = null!;

    internal string Container { get; } = "functions-host-" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        // First, so a missing build fails with its own message before anything starts.
        Build = FunctionsWorkerBuild.Locate();
        await _azurite.InitializeAsync();
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        Ingestion = await IngestionStandIn.StartAsync(CancellationToken.None);
        Host = await FunctionsHostStandIn.StartAsync(Build, AppSettings(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Ingestion is not null)
        {
            await Ingestion.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>The function app's settings, in the environment-variable form Azure gives them to both processes.</summary>
    internal Dictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["FUNCTIONS_EXTENSION_VERSION"] = "~4",
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Storage__ConnectionString"] = _azurite.ConnectionString,
            ["Storage__Container"] = Container,
            ["ConduitSnapshotSchedule"] = ConduitSchedule,
            ["ThreeCommasSnapshotSchedule"] = ThreeCommasSchedule,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = Ingestion.ConnectionString,

            // Test accommodations, each an ordinary app setting read by the SDK, none touching our code: send each
            // item at once instead of every 30 s (the envelopes are the same), and keep the SDK from probing the
            // Azure instance metadata address and the live-metrics service, which do not exist here.
            ["APPINSIGHTS_DEVELOPER_MODE"] = "true",
            ["ApplicationInsights__EnableAzureInstanceMetadataTelemetryModule"] = "false",
            ["ApplicationInsights__EnableQuickPulseMetricStream"] = "false",
        };
        foreach (var (name, value) in Sandbox.ClientSettings())
        {
            settings[name.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        return settings;
    }
}
