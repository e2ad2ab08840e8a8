using AccountSnapshots.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>The long-running CLI host: both schedules plus the HTTP API on Kestrel, over the same core.</summary>
internal static class ServeHost
{
    /// <summary>
    /// The app <c>serve</c> and <c>demo</c> run. Tests build the same app: <paramref name="customize"/> runs last on the
    /// builder (a log recorder instead of the console), and <paramref name="scheduler"/> false leaves the timers out.
    /// </summary>
    public static WebApplication Build(IConfiguration configuration, string urls, bool verbose, Action<WebApplicationBuilder>? customize = null, bool scheduler = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        // A long-running service shows each run's outcome (Information); one-shot commands print their own summary.
        CoreServices.AddConsoleLogging(builder.Logging, configuration, verbose, quietLevel: LogLevel.Information);
        builder.Services.AddAccountSnapshots(configuration);
        if (scheduler)
        {
            builder.Services.AddSnapshotScheduler();
        }

        // Ctrl+C / SIGTERM: in-flight runs are cancelled (their writes are create-only and atomic, so nothing
        // partial lands); the timeout bounds how long shutdown waits for them to unwind.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        customize?.Invoke(builder);
        var app = builder.Build();
        try
        {
            app.MapAccountSnapshotsApi(urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        return app;
    }
}
