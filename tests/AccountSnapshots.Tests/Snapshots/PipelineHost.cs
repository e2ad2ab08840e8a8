using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>
/// The real composition root (<c>AddAccountSnapshots</c>) wired to the sandbox stand-ins over loopback and to a real
/// store (a temp folder, or Azurite), with every log event captured.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly string? _directory;

    private PipelineHost(ServiceProvider services, SandboxServer sandbox, EventCapture events, string? directory)
    {
        Services = services;
        Sandbox = sandbox;
        Events = events;
        _directory = directory;
    }

    public ServiceProvider Services { get; }

    public SandboxServer Sandbox { get; }

    public EventCapture Events { get; }

    public SnapshotRunner Runner => Services.GetRequiredService<SnapshotRunner>();

    public ISnapshotStore Store => Services.GetRequiredService<ISnapshotStore>();

    /// <summary>Starts a sandbox (unless given one) and builds the core over it; <paramref name="settings"/> override the defaults.</summary>
    public static async Task<PipelineHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        SandboxOptions? sandboxOptions = null,
        Action<IServiceCollection>? configure = null,
        SandboxServer? sandbox = null)
    {
        sandbox ??= await SandboxServer.StartAsync(sandboxOptions ?? new SandboxOptions(), CancellationToken.None);
        var directory = Path.Combine(Path.GetTempPath(), "as-pipeline-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>(sandbox.ClientSettings())
        {
            ["Conduit:RetryBaseDelay"] = "00:00:00.010",
            ["ThreeCommas:RetryBaseDelay"] = "00:00:00.010",
            ["Storage:Directory"] = directory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var events = new EventCapture();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddProvider(events).SetMinimumLevel(LogLevel.Trace));
        configure?.Invoke(services);
        services.AddAccountSnapshots(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new PipelineHost(provider, sandbox, events, directory);
    }

    public static Dictionary<string, string?> BlobSettings(AzuriteFixture azurite) => new()
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:Container"] = azurite.CreateContainerName("pipeline"),
    };

    public async Task<AggregateDocument?> ReadAggregateAsync()
    {
        var stored = await Store.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None);
        return stored is null ? null : System.Text.Json.JsonSerializer.Deserialize(stored.Content.Span, AccountSnapshotsJsonContext.Default.AggregateDocument);
    }

    /// <summary>Every stored object as text, for checks that no secret was ever written.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAllObjectsAsync()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prefix in new[] { "snapshots/", "latest/" })
        {
            await foreach (var path in Store.ListAsync(prefix, CancellationToken.None))
            {
                var stored = await Store.ReadAsync(path, CancellationToken.None);
                result[path] = System.Text.Encoding.UTF8.GetString(stored!.Content.Span);
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
