using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.Cli;

/// <summary><c>events</c> end to end: the real executable over a folder store holding only snapshots (no index yet).</summary>
public sealed class EventsCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "as-cli-events-" + Guid.NewGuid().ToString("N"));

    private string StoreDirectory => Path.Combine(_directory, "store");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var store = new FileSnapshotStore(StoreDirectory, NullLogger<FileSnapshotStore>.Instance);
        foreach (var document in EventScenario.Documents())
        {
            await using var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None);
            await store.WriteAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), content, StoreCondition.IfAbsent, CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Events_prints_a_table_by_default_and_the_api_rows_as_json_and_csv()
    {
        string[] range = ["--from", "2026-11-20T00:00:00Z", "--to", "2026-11-20T13:00:00Z", "--kind", "exchangeApiKeyInvalid,credentialsRejected"];
        var table = await CliProcess.RunAsync(_directory, ["events", .. range, $"--Storage:Directory={StoreDirectory}"]);
        var json = await CliProcess.RunAsync(_directory, ["events", .. range, "--source", "threecommas", "--format", "json", $"--Storage:Directory={StoreDirectory}"]);
        var csv = await CliProcess.RunAsync(_directory, ["events", .. range, "--format", "csv", $"--Storage:Directory={StoreDirectory}"]);
        var bad = await CliProcess.RunAsync(_directory, ["events", "--kind", "keyExpired", $"--Storage:Directory={StoreDirectory}"]);

        Assert.Equal(0, table.ExitCode);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("TIME", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.Contains("2026-11-20T10:15:00Z 2026-11-20T11:00:00Z credentialsRejected", lines[1], StringComparison.Ordinal);
        Assert.Contains("2026-11-20T10:22:00Z 2026-11-20T10:52:00Z exchangeApiKeyInvalid", lines[2], StringComparison.Ordinal);
        Assert.Contains("(open)", lines[3], StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal([("31", "2026-11-20T10:52:00Z"), ("32", null)], EventRows.Parse(json.Stdout).Select(r => (r.AccountId!, r.TimeEnd)));
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal(4, csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Option '--kind' has the unsupported value 'keyExpired'", bad.Stderr, StringComparison.Ordinal);
    }
}
