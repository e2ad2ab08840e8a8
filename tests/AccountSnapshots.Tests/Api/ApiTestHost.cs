using System.Net;
using AccountSnapshots.Api;
using AccountSnapshots.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Api;

/// <summary>
/// The CLI-style composition (<c>AddAccountSnapshots</c> + <c>MapAccountSnapshotsApi</c>) on the in-memory test
/// server or real Kestrel on 127.0.0.1:0, with a fake clock and a counting store.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef01234567";
    public const string SecondKey = "second-key-fedcba9876543210fedcba";

    /// <summary>06:43:20 UTC: the next Conduit slot (06:45:00) is 100 s away, the next 3Commas one (06:52) later.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 21, 6, 43, 20, TimeSpan.Zero);

    private ApiTestHost(WebApplication app, HttpClient client, CountingSnapshotStore store, FakeTimeProvider time)
    {
        App = app;
        Client = client;
        Store = store;
        Time = time;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CountingSnapshotStore Store { get; }

    public FakeTimeProvider Time { get; }

    public AggregateCache Cache => App.Services.GetRequiredService<AggregateCache>();

    public static WebApplication Build(IDictionary<string, string?> settings, ISnapshotStore store, TimeProvider time, bool kestrel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time);
        builder.Services.AddAccountSnapshots(builder.Configuration);

        // After AddAccountSnapshots so it wins over whatever store the storage feature registers.
        builder.Services.AddSingleton(store);
        if (kestrel)
        {
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        return builder.Build();
    }

    public static async Task<ApiTestHost> StartAsync(
        bool kestrel = false,
        IDictionary<string, string?>? settings = null,
        DateTimeOffset? now = null)
    {
        settings ??= new Dictionary<string, string?> { ["Api:Keys:0"] = Key };
        var store = new CountingSnapshotStore(TestStores.Create());
        var time = new FakeTimeProvider(now ?? DefaultNow);
        var app = Build(settings, store, time, kestrel);
        app.MapAccountSnapshotsApi();
        await app.StartAsync();

        HttpClient client;
        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        else
        {
            client = app.GetTestClient();
        }

        return new ApiTestHost(app, client, store, time);
    }

    public Task<string> StoreAsync(AccountSnapshots.Aggregation.AggregateDocument document) => TestAggregates.StoreAsync(Store.Inner, document);

    public static HttpRequestMessage Request(string pathAndQuery, HttpMethod? method = null, bool withKey = true)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, pathAndQuery);
        if (withKey)
        {
            request.Headers.Add("x-functions-key", Key);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpMethod? method = null, bool withKey = true, Action<HttpRequestMessage>? configure = null)
    {
        using var request = Request(pathAndQuery, method, withKey);
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
