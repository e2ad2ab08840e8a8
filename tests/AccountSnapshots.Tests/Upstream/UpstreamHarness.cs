using AccountSnapshots.Conduit;
using AccountSnapshots.Sandbox;
using AccountSnapshots.ThreeCommas;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Upstream;

/// <summary>
/// The real upstream clients from a real DI container (<c>AddUpstreamSources</c>) pointed at a real sandbox over
/// loopback HTTP. Retry delays and timeouts are tiny so fault tests stay fast.
/// </summary>
internal sealed class UpstreamHarness : IAsyncDisposable
{
    private UpstreamHarness(SandboxServer sandbox, ServiceProvider services)
    {
        Sandbox = sandbox;
        Services = services;
    }

    public SandboxServer Sandbox { get; }

    public ServiceProvider Services { get; }

    public ConduitClient Conduit => Services.GetRequiredService<ConduitClient>();

    public ThreeCommasClient ThreeCommas => Services.GetRequiredService<ThreeCommasClient>();

    public SourceCredentials ConduitCredentials => new(Sandbox.Credentials.ConduitApiKey, Sandbox.Credentials.ConduitApiSecret);

    public SourceCredentials ThreeCommasCredentials => new(Sandbox.Credentials.ThreeCommasApiKey, Sandbox.Credentials.ThreeCommasApiSecret);

    public static async Task<UpstreamHarness> StartAsync(SandboxOptions? options = null, IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null)
    {
        var sandbox = await SandboxServer.StartAsync(options ?? new SandboxOptions(), CancellationToken.None);
        var values = new Dictionary<string, string?>
        {
            ["Conduit:BaseUrl"] = sandbox.ConduitBaseUrl.ToString(),
            ["Conduit:RetryBaseDelay"] = "00:00:00.010",
            ["Conduit:AttemptTimeout"] = "00:00:05",
            ["Conduit:TotalTimeout"] = "00:00:30",
            ["Conduit:RateLimitBudget"] = "00:00:05",
            ["ThreeCommas:BaseUrl"] = sandbox.ThreeCommasBaseUrl.ToString(),
            ["ThreeCommas:RetryBaseDelay"] = "00:00:00.010",
            ["ThreeCommas:AttemptTimeout"] = "00:00:05",
            ["ThreeCommas:TotalTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddUpstreamSources(configuration);
        return new UpstreamHarness(sandbox, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
