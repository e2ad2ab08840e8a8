using System.Collections.Concurrent;
using AccountSnapshots.Cli.Hosting;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Secrets;
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

    private ServeTestHost(SandboxServer sandbox, WebApplication app, ConcurrentQueue<string> logs, string directory, Uri baseAddress)
    {
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

    public static async Task<ServeTestHost> StartAsync(Action<Dictionary<string, string?>>? configure = null, bool scheduler = true)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
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
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ServeTestHost(sandbox, app, logs, directory, new Uri(address.TrimEnd('/') + "/"));
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
    }
}
