using AccountSnapshots.Conduit;
using AccountSnapshots.ThreeCommas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Upstream;

/// <summary>Registers the Conduit and 3Commas clients (typed HttpClients with the resilience handler).</summary>
internal static class UpstreamServiceCollectionExtensions
{
    public static IServiceCollection AddUpstreamSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ThreeCommas.ThreeCommasRequestBudget>();

        services.AddOptions<ConduitOptions>().Bind(configuration.GetSection(ConduitOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConduitOptions>, ConduitOptionsValidator>());
        services.AddOptions<ThreeCommasOptions>().Bind(configuration.GetSection(ThreeCommasOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThreeCommasOptions>, ThreeCommasOptionsValidator>());

        // The pipeline owns every timeout, so HttpClient's own 100 s default must not cut it short.
        services.AddHttpClient<ConduitClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<ConduitOptions>>().Value;
                var settings = new UpstreamResilienceSettings(
                    SourceNames.Conduit, options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryBaseDelay,
                    RetryRateLimited: true, options.RateLimitBudget);
                return CreateHandler(provider, settings);
            });
        services.AddHttpClient<ThreeCommasClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<ThreeCommasOptions>>().Value;
                var settings = new UpstreamResilienceSettings(
                    SourceNames.ThreeCommas, options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryBaseDelay,
                    RetryRateLimited: false, TimeSpan.Zero);
                return CreateHandler(provider, settings);
            });

        services.AddTransient<IAccountSource>(provider => provider.GetRequiredService<ConduitClient>());
        services.AddTransient<IAccountSource>(provider => provider.GetRequiredService<ThreeCommasClient>());
        return services;
    }

    /// <summary>
    /// No automatic redirects: HttpClient strips only <c>Authorization</c> on a redirect, so <c>X-API-Secret</c> and
    /// <c>APIKEY</c> would follow a 3xx to whatever host it names. A 3xx therefore fails the fetch instead.
    /// </summary>
    private static SocketsHttpHandler CreatePrimaryHandler() => new() { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.All };

    private static UpstreamResilienceHandler CreateHandler(IServiceProvider provider, UpstreamResilienceSettings settings)
    {
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("AccountSnapshots.Upstream.Resilience");
        var pipeline = UpstreamResiliencePipeline.Create(settings, provider.GetRequiredService<TimeProvider>(), logger);
        return new UpstreamResilienceHandler(pipeline);
    }
}
