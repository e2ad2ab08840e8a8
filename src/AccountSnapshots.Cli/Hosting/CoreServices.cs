using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// Builds the core for one-shot commands on the generic host (the same builder <c>serve</c> and the Functions app use),
/// and validates every option before the command does anything.
/// </summary>
internal static class CoreServices
{
    public static IHost Build(IConfiguration configuration, bool verbose, LogLevel quietLevel = LogLevel.Warning)
    {
        // No defaults: CliConfiguration has already layered appsettings, user-secrets, environment and --Key=value.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        AddConsoleLogging(builder.Logging, configuration, verbose, quietLevel);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        builder.Services.AddAccountSnapshots(builder.Configuration);
        var host = builder.Build();

        // ValidateOnStart runs when a host starts; one-shot commands never start theirs, so run it here.
        host.Services.GetService<IStartupValidator>()?.Validate();
        return host;
    }

    /// <summary>Logs go to stderr so stdout stays the command's own output (tables, JSON, CSV).</summary>
    public static void AddConsoleLogging(ILoggingBuilder logging, IConfiguration configuration, bool verbose, LogLevel quietLevel = LogLevel.Warning)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : quietLevel);

        // Framework chatter (Kestrel, hosting) only when asked for; our own events follow the level above.
        logging.AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddFilter("System.Net.Http", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddFilter("Polly", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));

        // ASP.NET Core's per-request lines carry the full query string, and with it an API key sent as ?code=.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
