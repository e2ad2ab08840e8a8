using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace AccountSnapshots.Tests.Infrastructure;

/// <summary>
/// Runs the real Azurite blob service (pinned in eng/azurite) on a free loopback port for a test collection. Data is
/// kept in a temporary folder so <see cref="StopAsync"/> + <see cref="StartAsync"/> simulate an outage without losing
/// what was written. Missing or failing Azurite throws: a test that needs storage must never silently skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The well-known Azurite development account key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N"));
    private readonly Queue<string> _output = new();
    private Process? _process;
    private int _containerCounter;

    /// <summary>The loopback port Azurite listens on (stable across <see cref="StopAsync"/>/<see cref="StartAsync"/>).</summary>
    public int Port { get; } = FindFreePort();

    /// <summary>The blob service endpoint, <c>http://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobServiceUri => new($"http://127.0.0.1:{Port}/{AccountName}");

    /// <summary>A shared-key connection string for the development account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobServiceUri};";

    /// <summary>True while the Azurite process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The Azurite blob executable: <c>AZURITE_BLOB_PATH</c>, else eng/azurite/node_modules/.bin/azurite-blob under the repo root.</summary>
    public static string ExecutablePath
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("AZURITE_BLOB_PATH");
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment;
            }

            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException($"Azurite not found: AZURITE_BLOB_PATH is not set and no Functions.sln above {AppContext.BaseDirectory}.");
            }

            return Path.Combine(directory.FullName, "eng", "azurite", "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob");
        }
    }

    /// <summary>A container name no other test uses (lowercase, 3-63 characters).</summary>
    public string CreateContainerName(string prefix = "test")
    {
        var number = Interlocked.Increment(ref _containerCounter);
        var name = $"{prefix.ToLowerInvariant()}-{number}-{Guid.NewGuid():N}";
        return name.Length > 63 ? name[..63].TrimEnd('-') : name;
    }

    /// <summary>A Blob service client for the development account (optionally with SDK options, e.g. fewer retries).</summary>
    public BlobServiceClient CreateServiceClient(BlobClientOptions? options = null) => new(ConnectionString, options);

    /// <summary>Starts Azurite (again) on <see cref="Port"/> and waits until the port answers.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite not found at {executable}. Run `npm ci --prefix eng/azurite --no-audit --no-fund` in the repo root, or set AZURITE_BLOB_PATH.");
        }

        Directory.CreateDirectory(_dataDirectory);
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", _dataDirectory, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Azurite could not be started from {executable}.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on 127.0.0.1:{Port}. Output: {RecentOutput()}");
            }

            if (await PortAnswersAsync())
            {
                return;
            }

            if (waited.Elapsed > StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s. Output: {RecentOutput()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops Azurite gracefully (so it saves its metadata), as a storage outage; <see cref="StartAsync"/> brings it back.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            if (!OperatingSystem.IsWindows())
            {
                // SIGTERM lets Azurite flush its metadata database; Process.Kill would be SIGKILL.
                using var signal = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id}") { UseShellExecute = false });
                if (signal is not null)
                {
                    await signal.WaitForExitAsync();
                }
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    /// <inheritdoc />
    public Task InitializeAsync() => StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run for it would not be.
        }
    }

    private async Task<bool> PortAnswersAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 20)
            {
                _output.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return _output.Count == 0 ? "(none)" : string.Join(" | ", _output);
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
