using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Upstream;

/// <summary>
/// The HTTP plumbing every upstream client shares: a typed HttpClient behind the resilience pipeline, registered as an
/// <see cref="IAccountSource"/>. Each connector (Conduit, 3Commas) calls it from its own registration.
/// </summary>
internal static class UpstreamServiceCollectionExtensions
{
    public static IServiceCollection AddUpstreamClient<TClient, TOptions>(
        this IServiceCollection services, Func<TOptions, UpstreamResilienceSettings> settings)
        where TClient : class, IAccountSource
        where TOptions : UpstreamOptions
    {
        services.TryAddSingleton(TimeProvider.System);

        // The pipeline owns every timeout, so HttpClient's own 100 s default must not cut it short. The resilience
        // handler (Microsoft.Extensions.Http.Resilience, Polly underneath) runs the strategies; the attempt handler
        // inside it sees each attempt.
        var client = services.AddHttpClient<TClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
        client.AddResilienceHandler(typeof(TClient).Name, (builder, context) =>
            {
                var provider = context.ServiceProvider;
                var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("AccountSnapshots.Upstream.Resilience");
                var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
                UpstreamResiliencePipeline.Configure(builder, settings(options), provider.GetRequiredService<TimeProvider>(), logger);
            });
        client.AddHttpMessageHandler(() => new UpstreamAttemptHandler());
        services.AddTransient<IAccountSource>(provider => provider.GetRequiredService<TClient>());
        return services;
    }

    /// <summary>
    /// No automatic redirects: HttpClient strips only <c>Authorization</c> on a redirect, so <c>X-API-Secret</c> and
    /// <c>APIKEY</c> would follow a 3xx to whatever host it names. A 3xx therefore fails the fetch instead.
    /// </summary>
    private static SocketsHttpHandler CreatePrimaryHandler() => new() { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.All };
}
