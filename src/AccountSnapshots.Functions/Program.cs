using AccountSnapshots;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The one registration call every host makes: all behaviour lives in the core.
builder.Services.AddAccountSnapshots(builder.Configuration);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// Alert rules query customDimensions.EventName, which the provider only records with IncludeEventId.
builder.Services.Configure<ApplicationInsightsLoggerOptions>(o => o.IncludeEventId = true);

// The Application Insights SDK adds a Warning-only default filter; the alert events (ExchangeApiKeyRecovered,
// SnapshotSucceeded for the dead-man rule) are Information, so that filter must go.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});

builder.Build().Run();
