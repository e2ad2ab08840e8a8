using Microsoft.Extensions.Configuration;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// Configuration in the usual .NET order: appsettings.json (current folder), user-secrets, environment variables,
/// then the command line (<c>--Storage:Directory=/data</c>). A command's embedded defaults (the demo's sandbox
/// URLs) sit just below the command line.
/// </summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Build(IEnumerable<string> commandLineSettings, IReadOnlyDictionary<string, string?>? embedded = null)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddUserSecrets(typeof(CliConfiguration).Assembly, optional: true)
            .AddEnvironmentVariables();
        if (embedded is not null)
        {
            builder.AddInMemoryCollection(embedded);
        }

        return builder.AddCommandLine([.. commandLineSettings]).Build();
    }
}
