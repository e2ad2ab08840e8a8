using System.Collections.Concurrent;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Api.OpenApi;
using AccountSnapshots.Tests.Secrets;
using AccountSnapshots.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// <c>account-snapshots serve</c> itself (<c>ServeHost.Build</c>: <c>AddAccountSnapshots</c> + <c>AddSnapshotScheduler</c>
/// + <c>MapAccountSnapshotsApi</c>) on real Kestrel at 127.0.0.1:0, over the sandbox and a temporary folder store,
/// logging through the CLI's own setup at <c>--verbose</c> into a recorder instead of the console.
/// </summary>
internal sealed class ServeTestHost : IAsyncDisposable
{
    private readonly string _directory;

    private ServeTestHost(
        SandboxServer sandbox, WebApplication app, ConcurrentQueue<string> logs, string directory, Uri baseAddress, ConcurrentQueue<string> violations, ConcurrentQueue<string> checkedOperations)
    {
        ContractViolations = violations;
        CheckedOperations = checkedOperations;
        Sandbox = sandbox;
        App = app;
        Logs = logs;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public SandboxServer Sandbox { get; }

    public WebApplication App { get; }

    public ConcurrentQueue<string> Logs { get; }

    public Uri BaseAddress { get; }

    public ISnapshotStore Store => App.Services.GetRequiredService<ISnapshotStore>();

    public SnapshotRunner Runner => App.Services.GetRequiredService<SnapshotRunner>();

    /// <summary>Responses that broke the OpenAPI document; the host fails the test on dispose when there are any.</summary>
    public ConcurrentQueue<string> ContractViolations { get; }

    /// <summary>The documented operations answered, as "METHOD path status media-type".</summary>
    public ConcurrentQueue<string> CheckedOperations { get; }

    public static async Task<ServeTestHost> StartAsync(Action<Dictionary<string, string?>>? configure = null, bool scheduler = true, SandboxOptions? sandboxOptions = null)
    {
        var sandbox = await SandboxServer.StartAsync(sandboxOptions ?? new SandboxOptions(), CancellationToken.None);
        var directory = Path.Combine(Path.GetTempPath(), "reliability-serve-" + Guid.NewGuid().ToString("N"));
        var settings = ReliabilityHost.Settings(sandbox, directory);
        configure?.Invoke(settings);
        var logs = new ConcurrentQueue<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        // The CLI's own composition at --verbose (filters included), with the console swapped for a recorder.
        var app = ServeHost.Build(configuration, "http://127.0.0.1:0", verbose: true, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new RecordingLoggerProvider(logs));
        }, scheduler);

        // Runs before the endpoints however late it is added: WebApplication puts routing first and endpoints last.
        var violations = new ConcurrentQueue<string>();
        var checkedOperations = new ConcurrentQueue<string>();
        app.UseOpenApiConformance(violations, checkedOperations);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ServeTestHost(sandbox, app, logs, directory, new Uri(address.TrimEnd('/') + "/"), violations, checkedOperations);
    }

    /// <summary>
    /// Three slots of both sources 15 minutes apart from <paramref name="first"/>, through the real runner: all good,
    /// then 3Commas answering 418 (a failed slot in the middle), then all good again.
    /// </summary>
    public async Task RunGoodFailedGoodAsync(DateTimeOffset first)
    {
        await Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(first), CancellationToken.None);
        Sandbox.ThreeCommas.Faults.Persistent = SandboxFault.Parse("threecommas:418");
        await Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(first.AddMinutes(15)), CancellationToken.None);
        Sandbox.ThreeCommas.Faults.Persistent = null;
        await Runner.RunAllAsync(SourceNames.All, SnapshotSlot.Scheduled(first.AddMinutes(30)), CancellationToken.None);
    }

    /// <summary>A client of this host that sends the tests' API key.</summary>
    public HttpClient CreateKeyedClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", ReliabilityHttp.ApiKey);
        return client;
    }

    public Task<SecretScan> AssertNoSecretsLeakedAsync() => SecretScan.AssertCleanAsync(Sandbox, Logs, Store);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        // Every response of every test through this host kept the OpenAPI document (status, media type, schema).
        Assert.True(ContractViolations.IsEmpty, "Responses that break the OpenAPI document:\n" + string.Join('\n', ContractViolations.Take(20)));
    }
}
