using AccountSnapshots.Api;
using AccountSnapshots.History;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Storage;
using AccountSnapshots.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.History;

/// <summary>
/// The CLI-style composition (<c>AddAccountSnapshots</c> + <c>MapAccountSnapshotsApi</c>) on the in-memory test server
/// over a real folder store (counted), with a fake clock; snapshots are stored as the runner stores them.
/// </summary>
internal sealed class HistoryTestHost : IAsyncDisposable
{
    private readonly string _directory;

    private HistoryTestHost(WebApplication app, HttpClient client, CountingSnapshotStore store, FakeTimeProvider time, string directory)
    {
        App = app;
        Client = client;
        Store = store;
        Time = time;
        _directory = directory;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CountingSnapshotStore Store { get; }

    public FakeTimeProvider Time { get; }

    public string Directory => _directory;

    public HistoryIndex Index => App.Services.GetRequiredService<HistoryIndex>();

    /// <summary>Every raw snapshot document stored so far, for <see cref="HistoryReference"/>.</summary>
    public List<byte[]> RawSnapshots { get; } = [];

    public static async Task<HistoryTestHost> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "history-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var store = new CountingSnapshotStore(new FileSnapshotStore(directory, NullLogger<FileSnapshotStore>.Instance));
        var time = new FakeTimeProvider(now);
        var app = ApiTestHost.Build(all, store, time, kestrel: false);
        app.MapAccountSnapshotsApi();
        await app.StartAsync();
        return new HistoryTestHost(app, app.GetTestClient(), store, time, directory);
    }

    /// <summary>Stores the document under its snapshot path and, unless told not to, adds it to the index (as the runner does).</summary>
    public async Task StoreAsync(SnapshotDocument document, bool index = true)
    {
        await using (var content = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None))
        {
            var written = await Store.WriteAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), content, StoreCondition.IfAbsent, CancellationToken.None);
            Assert.True(written.Written);
        }

        RawSnapshots.Add((await Store.ReadAsync(SnapshotPaths.Snapshot(document.Source, document.Slot), CancellationToken.None))!.Content.ToArray());
        if (index)
        {
            await Index.AddAsync(document, CancellationToken.None);
        }
    }

    public async Task StoreAllAsync(IEnumerable<SnapshotDocument> documents)
    {
        foreach (var document in documents)
        {
            await StoreAsync(document);
        }
    }

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        using var request = ApiTestHost.Request(pathAndQuery);
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async Task<string> GetOkAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
