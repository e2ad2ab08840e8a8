using System.Text.Json;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.Cli;

/// <summary><c>history</c>, <c>reindex</c> and <c>latest --at</c> end to end: the real executable over a folder store.</summary>
public sealed class HistoryCommandsTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "as-cli-history-" + Guid.NewGuid().ToString("N"));
    private SandboxServer _sandbox = null!;

    private string StoreDirectory => Path.Combine(_directory, "store");

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
    public async Task Reindex_rebuilds_the_index_from_the_snapshots_and_history_prints_it_in_every_format()
    {
        var store = new FileSnapshotStore(StoreDirectory, NullLogger<FileSnapshotStore>.Instance);
        var raw = new List<byte[]>();
        foreach (var document in AccountsHistoryHandlerTests.Scenario())
        {
            await using var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None);
            await store.WriteAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), content, StoreCondition.IfAbsent, CancellationToken.None);
            raw.Add((await store.ReadAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), CancellationToken.None))!.Content.ToArray());
        }

        var reindex = await CliProcess.RunAsync(_directory, ["reindex", "--from", "2026-11-20", "--to", "2026-11-21", .. Settings()]);
        var json = await CliProcess.RunAsync(_directory, ["history", "--from", "2026-11-20T00:00:00Z", "--to", "1795305600", "--level", "account", "--source", "conduit,threecommas", "--format", "json", .. Settings()]);
        var csv = await CliProcess.RunAsync(_directory, ["history", "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-22T00:00:00Z", "--level", "client", "--asset", "USDC", "--format", "csv", .. Settings()]);
        var table = await CliProcess.RunAsync(_directory, ["history", "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-22T00:00:00Z", "--step", "1d", "--accountId", "31", .. Settings()]);

        Assert.Equal(0, reindex.ExitCode);
        Assert.Contains("Reindexed 7 snapshot(s)", reindex.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(StoreDirectory, "history", "conduit", "2026", "11", "21", "accounts.json")));
        Assert.Equal(0, json.ExitCode);
        var from = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(HistoryReference.Compute(raw, new(from, from.AddDays(2), "account")), HistoryReference.Parse(json.Stdout));
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal(
            [
                "time,source,clientId,accountId,name,asset,network,amount,value,snapshotAt",
                "2026-11-20T10:00:00Z,conduit,client_1,,,USDC,ethereum,12.00,12.00,2026-11-20T10:00:00Z",
                "2026-11-20T10:15:00Z,conduit,client_1,,,USDC,ethereum,12.00,12.00,2026-11-20T10:15:00Z",
                "2026-11-20T10:45:00Z,conduit,client_1,,,USDC,ethereum,12.75,12.75,2026-11-20T10:45:00Z",
                "2026-11-21T00:15:00Z,conduit,client_1,,,USDC,ethereum,13.50,13.50,2026-11-21T00:15:00Z",
                "",
            ],
            csv.Stdout.Split('\n')); // the process reader splits lines; CRLF itself is covered by the HTTP tests
        Assert.Equal(0, table.ExitCode);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(table.Stdout, @"2026-11-20T00:00:00Z\s+threecommas\s+-\s+-\s+USD\s+-\s+-0\.5\s+2026-11-20T10:37:00Z"), table.Stdout);
    }

    [Fact]
    public async Task Run_then_history_and_latest_at_read_back_the_runs_slot()
    {
        var run = await CliProcess.RunAsync(_directory, ["run", .. Settings()]);
        var latest = await CliProcess.RunAsync(_directory, ["latest", "--format", "json", .. Settings()]);
        var slot = JsonDocument.Parse(latest.Stdout).RootElement.GetProperty("sources")[0].GetProperty("snapshotAt").GetString()!;
        var after = DateTimeOffset.Parse(slot, System.Globalization.CultureInfo.InvariantCulture).AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var history = await CliProcess.RunAsync(_directory, ["history", "--from", slot, "--to", after, "--format", "json", .. Settings()]);
        var at = await CliProcess.RunAsync(_directory, ["latest", "--at", slot, "--format", "json", .. Settings()]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, history.ExitCode);
        var rows = HistoryReference.Parse(history.Stdout);
        Assert.Contains(rows, r => r.Source == "conduit" && r.SnapshotAt == slot);
        Assert.Contains(rows, r => r.Source == "threecommas");
        Assert.Equal(0, at.ExitCode);
        var asOf = JsonDocument.Parse(at.Stdout).RootElement;
        Assert.Equal(slot, asOf.GetProperty("asOf").GetString());
        Assert.Equal(
            JsonDocument.Parse(latest.Stdout).RootElement.GetProperty("totals").GetRawText(),
            asOf.GetProperty("totals").GetRawText());
    }

    [Fact]
    public async Task A_bad_option_value_exits_2_naming_the_option()
    {
        var step = await CliProcess.RunAsync(_directory, ["history", "--step", "90m", .. Settings()]);
        var at = await CliProcess.RunAsync(_directory, ["latest", "--at", "yesterday", .. Settings()]);

        Assert.Equal(2, step.ExitCode);
        Assert.Contains("'--step'", step.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, at.ExitCode);
        Assert.Contains("'--at'", at.Stderr, StringComparison.Ordinal);
    }

    private string[] Settings() =>
    [
        $"--Storage:Directory={StoreDirectory}",
        "--ThreeCommas:MaxRetries=0",
        .. _sandbox.ClientSettings().Select(s => $"--{s.Key}={s.Value}"),
    ];
}
