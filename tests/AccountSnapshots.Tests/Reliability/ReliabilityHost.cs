using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// The product's own service graph (<c>AddAccountSnapshots</c>, as <c>account-snapshots run</c> builds it) over the
/// sandbox stand-ins and a real store (a temporary folder by default, Azurite when a connection string is given),
/// with every log line recorded so the test can prove no credential leaked.
/// </summary>
internal sealed class ReliabilityHost : IAsyncDisposable
{
    private readonly string? _directory;

    private ReliabilityHost(SandboxServer sandbox, ServiceProvider services, ConcurrentQueue<string> logs, string? directory)
    {
        Sandbox = sandbox;
        Services = services;
        Logs = logs;
        _directory = directory;
    }

    public SandboxServer Sandbox { get; }

    public ServiceProvider Services { get; }

    public ConcurrentQueue<string> Logs { get; }

    public SnapshotRunner Runner => Services.GetRequiredService<SnapshotRunner>();

    public ISnapshotStore Store => Services.GetRequiredService<ISnapshotStore>();

    /// <summary>Settings that make retries fast and timeouts short, so a fault matrix runs in seconds.</summary>
    public static Dictionary<string, string?> Settings(SandboxServer sandbox, string? directory)
    {
        var settings = new Dictionary<string, string?>(sandbox.ClientSettings())
        {
            ["KeyVault:VaultUri"] = "",
            ["Storage:ConnectionString"] = "",
            ["Storage:ServiceUri"] = "",
            ["Storage:Directory"] = directory ?? "",
            ["Api:Keys:0"] = ReliabilityHttp.ApiKey,
            ["Snapshots:SourceTimeout"] = "00:00:20",
        };
        foreach (var section in new[] { "Conduit", "ThreeCommas" })
        {
            settings[$"{section}:RetryBaseDelay"] = "00:00:00.010";
            settings[$"{section}:AttemptTimeout"] = "00:00:01.500";
            settings[$"{section}:TotalTimeout"] = "00:00:08";
            settings[$"{section}:RateLimitBudget"] = "00:00:01";
        }

        return settings;
    }

    public static async Task<ReliabilityHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        SandboxOptions? sandboxOptions = null)
    {
        var sandbox = await SandboxServer.StartAsync(sandboxOptions ?? new SandboxOptions(), CancellationToken.None);
        var directory = Path.Combine(Path.GetTempPath(), "reliability-" + Guid.NewGuid().ToString("N"));
        var settings = Settings(sandbox, directory);
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new RecordingLoggerProvider(logs)));
        // These hosts send far more than 3Commas' budget a minute on purpose; pacing is not what they test.
        services.AddSingleton(sp => new AccountSnapshots.ThreeCommas.ThreeCommasRequestBudget(
            new MinutePerReadTimeProvider(), sp.GetRequiredService<IOptions<AccountSnapshots.ThreeCommas.ThreeCommasOptions>>()));
        services.AddAccountSnapshots(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetService<IStartupValidator>()?.Validate();
        return new ReliabilityHost(sandbox, provider, logs, directory);
    }

    public Task<SnapshotRunResult> RunAsync(string source, DateTimeOffset slot) =>
        Runner.RunAsync(source, SnapshotSlot.Scheduled(slot), CancellationToken.None);

    public Task<AggregateDocument?> AggregateAsync() => ReadAggregateAsync(Store);

    public static async Task<AggregateDocument?> ReadAggregateAsync(ISnapshotStore store)
    {
        var stored = await store.ReadAsync(SnapshotPaths.Aggregate, CancellationToken.None);
        return stored is null ? null : JsonSerializer.Deserialize(stored.Content.Span, AccountSnapshotsJsonContext.Default.AggregateDocument);
    }

    public async Task<SnapshotDocument?> SnapshotAsync(string path)
    {
        var stored = await Store.ReadAsync(path, CancellationToken.None);
        return stored is null ? null : SnapshotDocumentSerializer.Read(stored.Content.Span);
    }

    /// <summary>Fails when a credential or an exchange api key appears in a log line or a stored document; returns what was scanned.</summary>
    public Task<SecretScan> AssertNoSecretsLeakedAsync(params string[] extraSecrets) => SecretScan.AssertCleanAsync(Sandbox, Logs, Store, extraSecrets);

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

/// <summary>What a secret scan covered; every host in this folder adds its figures to <see cref="Totals"/>.</summary>
internal sealed record SecretScan(int LogLines, int Documents, long DocumentBytes, int SecretsChecked)
{
    private static long s_lines;
    private static long s_documents;
    private static long s_bytes;
    private static long s_scans;

    public static (long Scans, long LogLines, long Documents, long Bytes) Totals =>
        (Interlocked.Read(ref s_scans), Interlocked.Read(ref s_lines), Interlocked.Read(ref s_documents), Interlocked.Read(ref s_bytes));

    /// <summary>The sandbox credentials and every exchange api key it serves.</summary>
    public static IReadOnlyList<string> SecretsOf(SandboxServer sandbox)
    {
        var credentials = sandbox.Credentials;
        return [credentials.ConduitApiKey, credentials.ConduitApiSecret, credentials.ThreeCommasApiKey, credentials.ThreeCommasApiSecret, .. sandbox.ThreeCommas.ExchangeApiKeys];
    }

    public static async Task<SecretScan> AssertCleanAsync(SandboxServer sandbox, IEnumerable<string> logs, ISnapshotStore store, IReadOnlyList<string>? extraSecrets = null)
    {
        IReadOnlyList<string> secrets = [.. SecretsOf(sandbox), .. extraSecrets ?? []];
        var lines = logs.ToList();
        foreach (var line in lines)
        {
            var leaked = secrets.FirstOrDefault(s => line.Contains(s, StringComparison.Ordinal));
            Assert.True(leaked is null, $"A log line holds a secret ({Mask(leaked)}): {Redact(line, secrets)}");
        }

        var documents = 0;
        long bytes = 0;
        await foreach (var path in store.ListAsync("", CancellationToken.None))
        {
            var stored = await store.ReadAsync(path, CancellationToken.None);
            if (stored is null)
            {
                continue;
            }

            documents++;
            bytes += stored.Content.Length;
            var text = Encoding.UTF8.GetString(stored.Content.Span);
            var leaked = secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal));
            Assert.True(leaked is null, $"Stored document {path} holds a secret ({Mask(leaked)}).");
        }

        Interlocked.Increment(ref s_scans);
        Interlocked.Add(ref s_lines, lines.Count);
        Interlocked.Add(ref s_documents, documents);
        Interlocked.Add(ref s_bytes, bytes);
        return new SecretScan(lines.Count, documents, bytes, secrets.Count);
    }

    private static string Mask(string? secret) => secret is null ? "" : "…" + secret[^Math.Min(4, secret.Length)..];

    private static string Redact(string line, IEnumerable<string> secrets) =>
        secrets.Aggregate(line, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LogLines} log lines, {Documents} documents ({DocumentBytes} bytes), {SecretsChecked} secret values");
}
