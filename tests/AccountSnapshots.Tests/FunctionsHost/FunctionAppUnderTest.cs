using AccountSnapshots.Sandbox;
using AccountSnapshots.Tests.Infrastructure;
using Azure.Storage.Blobs;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// One deployment of the built Functions app under the host stand-in: its own sandbox upstreams, its own blob
/// container on the shared Azurite, its own ingestion endpoint, and one worker process. Everything of ours is the
/// real thing; only the Microsoft services are stand-ins.
/// </summary>
internal sealed class FunctionAppUnderTest : IAsyncDisposable
{
    /// <summary>Once a year, so every invocation of a test run serves the same slot (the runner takes it from the schedule).</summary>
    public const string ConduitSchedule = "0 0 0 1 1 *";

    /// <summary>Also yearly, seven minutes after Conduit's, as the real schedules are offset.</summary>
    public const string ThreeCommasSchedule = "0 7 0 1 1 *";

    private readonly AzuriteFixture _azurite;

    private FunctionAppUnderTest(AzuriteFixture azurite, SandboxServer sandbox, IngestionStandIn ingestion, string container)
    {
        _azurite = azurite;
        Sandbox = sandbox;
        Ingestion = ingestion;
        Container = container;
    }

    public SandboxServer Sandbox { get; }

    public IngestionStandIn Ingestion { get; }

    public string Container { get; }

    public FunctionsHostStandIn Host { get; private set; } = null!;

    public BlobContainerClient Blobs => _azurite.CreateServiceClient().GetBlobContainerClient(Container);

    /// <summary>
    /// Every secret value this app holds: the sandbox credentials, the storage account key, the function key and the
    /// exchange <c>api_key</c>s 3Commas returns in clear. None may leave the worker in a log or an envelope.
    /// </summary>
    public IReadOnlyList<string> Secrets =>
    [
        Sandbox.Credentials.ConduitApiKey,
        Sandbox.Credentials.ConduitApiSecret,
        Sandbox.Credentials.ThreeCommasApiKey,
        Sandbox.Credentials.ThreeCommasApiSecret,
        AzuriteFixture.AccountKey,
        Host.FunctionKey,
        .. Sandbox.ThreeCommas.ExchangeApiKeys,
    ];

    public static async Task<FunctionAppUnderTest> StartAsync(
        FunctionsWorkerBuild build, AzuriteFixture azurite, string name, Action<SandboxServer>? arrangeSandbox, CancellationToken cancellationToken)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        arrangeSandbox?.Invoke(sandbox);
        var ingestion = await IngestionStandIn.StartAsync(cancellationToken);
        var app = new FunctionAppUnderTest(azurite, sandbox, ingestion, azurite.CreateContainerName(name));
        try
        {
            app.Host = await FunctionsHostStandIn.StartAsync(build, app.AppSettings(), cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The function app's settings, in the environment-variable form Azure gives them to the host and worker.</summary>
    public Dictionary<string, string> AppSettings()
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

            // Test accommodations, each an ordinary app setting the Application Insights SDK reads, none touching our
            // code: send each item at once instead of batching for 30 s (the envelopes are the same), and keep the SDK
            // from probing the Azure instance metadata address and the live-metrics service, which do not exist here.
            ["APPINSIGHTS_DEVELOPER_MODE"] = "true",
            ["ApplicationInsights__EnableAzureInstanceMetadataTelemetryModule"] = "false",
            ["ApplicationInsights__EnableQuickPulseMetricStream"] = "false",
        };

        // Secrets through configuration (Secrets__<Name>), the route a deployment without KeyVault__VaultUri takes.
        // The Key Vault stand-in cannot sit behind the worker's own SecretClient: TLS trust works (SSL_CERT_FILE),
        // but the SDK's default challenge check wants the vault host to be a subdomain of the challenge resource
        // ("The challenge resource '127.0.0.1' does not match the requested domain"), which a loopback address
        // cannot be, and *.localhost names do not resolve here. The product rightly keeps that check on.
        foreach (var (name, value) in Sandbox.ClientSettings())
        {
            settings[name.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Ingestion.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
