using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AccountSnapshots.Sandbox;

namespace AccountSnapshots.Tests.Cli;

/// <summary>The <c>account-snapshots</c> commands end to end: a real process against the sandbox stand-ins.</summary>
public sealed class CliCommandsTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "as-cli-" + Guid.NewGuid().ToString("N"));
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exitCode, stdout, _) = await CliProcess.RunAsync(_directory, "--help");

        Assert.Equal(0, exitCode);
        foreach (var command in new[] { "run", "latest", "serve", "demo", "sandbox" })
        {
            Assert.Contains("  " + command, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_then_latest_writes_the_layout_and_prints_it()
    {
        var (exitCode, stdout, _) = await CliProcess.RunAsync(_directory, ["run", .. Settings()]);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"conduit\s+ok", stdout);
        Assert.Matches(@"threecommas\s+ok", stdout);
        Assert.True(File.Exists(Path.Combine(_directory, "store", "latest", "aggregate.json")));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "store", "snapshots", "conduit"), "*.json", SearchOption.AllDirectories));

        var json = await CliProcess.RunAsync(_directory, ["latest", "--format", "json", .. Settings()]);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_directory, "store", "latest", "aggregate.json")), json.Stdout.TrimEnd('\n'));

        var csv = await CliProcess.RunAsync(_directory, ["latest", "--format", "csv", .. Settings()]);
        Assert.StartsWith("source,accountId,clientId,name,asset,network,amount,status,snapshotAt", csv.Stdout, StringComparison.Ordinal);

        var table = await CliProcess.RunAsync(_directory, ["latest", .. Settings()]);
        Assert.Contains("ALERT exchangeApiKeyInvalid", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_exits_1_when_a_requested_source_fails()
    {
        _sandbox.ThreeCommas.Faults.Persistent = SandboxFault.Parse("threecommas:418");

        var (exitCode, stdout, _) = await CliProcess.RunAsync(_directory, ["run", "--source", "threecommas", .. Settings()]);

        Assert.Equal(1, exitCode);
        Assert.Matches(@"threecommas\s+FAILED.*banned \(HTTP 418\)", stdout);
        Assert.DoesNotContain("conduit", stdout.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_exits_2_with_one_line_naming_the_setting()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(_directory, ["run", .. Settings(), "--ThreeCommas:ForcedMode=demo"]);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout.Trim());
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ThreeCommas:ForcedMode", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_anonymous_access_on_an_address_that_is_not_loopback()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(_directory, ["serve", "--urls", "http://0.0.0.0:0", .. Settings(), "--Api:AllowAnonymous=true"]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Api:AllowAnonymous", line, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_source_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(_directory, "run", "--source", "binance");

        Assert.Equal(2, exitCode);
        Assert.Contains("binance", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sourse", "conduit", "Unknown option '--sourse'")]
    [InlineData("--Source", "conduit", "Unknown option '--Source'")]
    [InlineData("-Storage:Directory=/tmp/elsewhere", "--verbose", "Unknown option '-Storage:Directory=/tmp/elsewhere'")]
    [InlineData("conduit", "--verbose", "Unexpected argument 'conduit'")]
    public async Task A_mistyped_option_or_a_stray_word_is_a_usage_error_before_anything_runs(string first, string second, string message)
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(_directory, ["run", first, second, .. Settings()]);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout.Trim());
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "store")));
    }

    [Fact]
    public async Task Settings_with_a_section_or_a_root_name_in_either_form_are_accepted()
    {
        var (exitCode, stdout, _) = await CliProcess.RunAsync(
            _directory, ["run", "--source", "conduit", "--conduitSnapshotSchedule", "0 */15 * * * *", "--Conduit:MaxRetries", "0", "Conduit:ApiVersion=2024-12-01", "/ThreeCommas:PerPage=100", .. Settings()]);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"conduit\s+ok", stdout);
    }

    [Fact]
    public async Task Serve_answers_with_etag_304_csv_and_401_and_stops_on_sigterm()
    {
        var run = await CliProcess.RunAsync(_directory, ["run", .. Settings()]);
        Assert.Equal(0, run.ExitCode);
        var port = FreePort();
        await using var serve = CliProcess.Start(_directory, ["serve", "--urls", $"http://127.0.0.1:{port}", .. Settings(), "--Api:Keys=cli-test-key-0123456789abcdef0123"]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilListeningAsync(client, serve);

        using var ok = await client.SendAsync(Get("/api/accounts/latest", key: "cli-test-key-0123456789abcdef0123"));
        var etag = ok.Headers.ETag;
        using var notModified = await client.SendAsync(Get("/api/accounts/latest", key: "cli-test-key-0123456789abcdef0123", ifNoneMatch: etag!.Tag));
        using var csv = await client.SendAsync(Get("/api/accounts/latest?format=csv&code=cli-test-key-0123456789abcdef0123"));
        using var noKey = await client.SendAsync(Get("/api/accounts/latest"));
        serve.Terminate();
        var exitCode = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(etag.IsWeak);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_directory, "store", "latest", "aggregate.json")), await ok.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Demo_once_takes_one_snapshot_of_both_sources_and_exits_0()
    {
        var (exitCode, stdout, _) = await CliProcess.RunAsync(_directory, "demo", "--once", "--store", "demo-store", "--history", "0d");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"conduit\s+ok", stdout);
        Assert.Matches(@"threecommas\s+ok", stdout);
        using var aggregate = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_directory, "demo-store", "latest", "aggregate.json")));
        Assert.All(aggregate.RootElement.GetProperty("sources").EnumerateArray(), s => Assert.Equal("ok", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Demo_once_exits_1_when_an_injected_fault_fails_a_source()
    {
        var (exitCode, stdout, _) = await CliProcess.RunAsync(_directory, "demo", "--once", "--store", "demo-store", "--history", "2h", "--fault", "conduit:401");

        Assert.Equal(1, exitCode);
        Assert.Matches(@"conduit\s+FAILED\s.*credentialsRejected \(HTTP 401\)", stdout);
    }

    [Fact]
    public async Task Demo_once_first_fills_the_history_window_with_every_15_minute_slot_of_both_sources()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(_directory, "demo", "--once", "--store", "demo-store", "--history", "1d");

        Assert.Equal(0, exitCode);
        Assert.Contains("History: 96/192 slots (50 %)", stderr, StringComparison.Ordinal);
        Assert.Matches(@"History: 192 past slots in [0-9.]+ s: conduit (96 stored, 0 failed|95 stored, 1 failed), 0 already in the store; threecommas 96 stored, 0 failed, 0 already in the store\.", stdout);
        foreach (var source in new[] { "conduit", "threecommas" })
        {
            // The window's 96 slots plus the run of "now".
            var documents = Directory.GetFiles(Path.Combine(_directory, "demo-store", "snapshots", source), "*.json", SearchOption.AllDirectories);
            Assert.Equal(97, documents.Length);
        }
    }

    [Fact]
    public async Task Demo_refuses_a_history_it_cannot_read_naming_the_option()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(_directory, "demo", "--once", "--store", "demo-store", "--history", "week");

        Assert.Equal(2, exitCode);
        Assert.Contains("--history", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "demo-store")));
    }

    private string[] Settings() =>
    [
        $"--Storage:Directory={Path.Combine(_directory, "store")}",
        "--ThreeCommas:MaxRetries=0",
        .. _sandbox.ClientSettings().Select(s => $"--{s.Key}={s.Value}"),
    ];

    private static HttpRequestMessage Get(string path, string? key = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return request;
    }

    private static async Task WaitUntilListeningAsync(HttpClient client, CliProcess serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Assert.False(serve.HasExited, "serve exited early: " + serve.StandardError);
            try
            {
                using var health = await client.GetAsync("/api/health", timeout.Token);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
