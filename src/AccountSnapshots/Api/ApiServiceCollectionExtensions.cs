using AccountSnapshots.Aggregation;
using AccountSnapshots.Changes;
using AccountSnapshots.Events;
using AccountSnapshots.History;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Settings;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Api;

/// <summary>Registers the dashboard HTTP API services (aggregate cache, handlers, key check).</summary>
internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAccountsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ApiOptions.SectionName);
        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(section)
            .Configure(options => options.Keys = ReadList(section.GetSection(nameof(ApiOptions.Keys)), splitArrayItems: false))
            .Configure(options => options.CorsOrigins = ReadList(section.GetSection(nameof(ApiOptions.CorsOrigins)), splitArrayItems: true));

        // The self-hosted API's CORS policy, applied by MapAccountSnapshotsApi. The Functions app never runs it: there
        // CORS is the platform's (the app's CORS settings in Azure).
        services.AddCors();
        services.AddOptions<CorsOptions>()
            .Configure<IOptions<ApiOptions>>((cors, api) => cors.AddPolicy(ApiCorsPolicy.Name, ApiCorsPolicy.Build(api.Value)));

        services.TryAddSingleton<AggregateCache>();
        services.TryAddSingleton<ApiKeyVerifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregateListener, AggregateCachePublisher>());
        services.TryAddSingleton(sp => new AccountsHistoryHandler(
            sp.GetRequiredService<HistoryService>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccountsHistoryHandler>>()));
        services.TryAddSingleton(sp => new EventsHandler(
            sp.GetRequiredService<EventsService>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventsHandler>>()));
        services.TryAddSingleton(sp => new ChangesHandler(
            sp.GetRequiredService<ChangesService>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ChangesHandler>>()));
        services.TryAddSingleton(sp => new OpenApi.OpenApiHandler(sp.GetRequiredService<ILogger<OpenApi.OpenApiHandler>>()));
        services.TryAddSingleton(sp => new Dashboard.DashboardHandler(sp.GetRequiredService<ILogger<Dashboard.DashboardHandler>>()));
        // The public command-level surface hosts use for their own commands (the CLI's latest, history, …).
        services.TryAddSingleton(sp => new Commands.LatestCommandHandler(
            sp.GetRequiredService<Storage.ISnapshotStore>(),
            sp.GetRequiredService<HistoryService>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Commands.HistoryCommandHandler>();
        services.TryAddSingleton<Commands.ChangesCommandHandler>();
        services.TryAddSingleton<Commands.EventsCommandHandler>();
        services.TryAddSingleton(sp => new Commands.ReindexCommandHandler(sp.GetRequiredService<HistoryIndex>()));
        services.TryAddSingleton(sp => new AccountsApiHandler(
            sp.GetRequiredService<AggregateCache>(),
            sp.GetRequiredService<AccountsHistoryHandler>(),
            sp.GetRequiredService<SnapshotSchedules>(),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccountsApiHandler>>()));
        return services;
    }

    /// <summary>
    /// An array (<c>X:0</c>, <c>X:1</c>) or one comma-separated value (<c>X</c>): app settings make arrays awkward.
    /// With <paramref name="splitArrayItems"/> false an array item is taken whole, so a key that contains a comma is
    /// never split into two shorter keys (<c>Api:Keys:0</c>); only the single-string form is split.
    /// </summary>
    private static List<string> ReadList(IConfigurationSection section, bool splitArrayItems)
    {
        var children = section.GetChildren().Select(c => c.Value).ToList();
        if (children.Count > 0 && !splitArrayItems)
        {
            return [.. children.Select(v => (v ?? "").Trim())];
        }

        var values = children.Count > 0 ? children : [section.Value];
        return [.. values
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
    }
}
