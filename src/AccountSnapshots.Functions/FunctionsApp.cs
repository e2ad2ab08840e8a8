using System.Linq;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Functions;

/// <summary>
/// The Functions app's whole composition. <c>Program.cs</c> calls it and so do the tests, so what the tests resolve
/// and log through is exactly what runs in Azure.
/// </summary>
public static class FunctionsApp
{
    /// <summary>
    /// The Application Insights provider's name, as the Functions worker's own filter rules name it.
    /// </summary>
    public const string ApplicationInsightsProviderName =
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>Adds the ASP.NET Core integration, the core services and Application Insights with our filters.</summary>
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();

        // The one registration call every host makes: all behaviour lives in the core.
        builder.Services.AddAccountSnapshots(builder.Configuration);

        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        // The Application Insights SDK adds a Warning-only default filter; the alert events (ExchangeApiKeyRecovered,
        // SnapshotSucceeded for the dead-man rule) are Information, so that filter must go. The provider records each
        // event's EventId and EventName and its message-template fields as customDimensions, which the alert rules
        // query.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var defaultRule = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsProviderName);
            if (defaultRule is not null)
            {
                options.Rules.Remove(defaultRule);
            }
        });

        // ASP.NET Core's per-request lines carry the full query string, and with it a function key sent as ?code=.
        // The CLI holds them back the same way (CoreServices.AddConsoleLogging).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }
}
