using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>Builds the core's service graph for one-shot commands (run, latest) and validates every option first.</summary>
internal static class CoreServices
{
    public static ServiceProvider Build(IConfiguration configuration, bool verbose, LogLevel quietLevel = LogLevel.Warning)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => AddConsoleLogging(logging, configuration, verbose, quietLevel));
        services.AddAccountSnapshots(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // ValidateOnStart normally runs when a host starts; one-shot commands have no host, so run it here.
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
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

    /// <summary>One line per invalid setting, each naming the setting (the validators' messages do).</summary>
    public static int ReportConfigurationError(OptionsValidationException ex)
    {
        foreach (var failure in ex.Failures.Distinct(StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"configuration error: {failure}");
        }

        return ExitCodes.ConfigurationError;
    }
}
