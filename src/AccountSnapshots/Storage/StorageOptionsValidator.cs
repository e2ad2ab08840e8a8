using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Storage;

/// <summary>Start-up checks of <see cref="StorageOptions"/>; each message names the setting to fix.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString && options.ServiceUri is not null)
        {
            failures.Add("Storage:ConnectionString and Storage:ServiceUri are both set: set only one (ServiceUri with the app's identity in Azure, ConnectionString for Azurite)");
        }

        if (options.ServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Storage:ServiceUri must be an absolute https URI, e.g. https://<account>.blob.core.windows.net");
        }

        if (hasConnectionString && !IsValidConnectionString(options.ConnectionString!))
        {
            // The value itself is never echoed: it may hold an account key.
            failures.Add("Storage:ConnectionString is not a valid Azure Storage connection string");
        }

        if (options.UsesBlob && (options.Container is null || !ContainerName().IsMatch(options.Container) || options.Container.Contains("--", StringComparison.Ordinal)))
        {
            failures.Add("Storage:Container must be 3-63 characters of lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
        }

        if (!options.UsesBlob && string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add("Storage:Directory must be set when neither Storage:ConnectionString nor Storage:ServiceUri is set");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero)
        {
            failures.Add("Storage:NetworkTimeout must be a positive time span, e.g. 00:00:30");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Storage:MaxRetries must be between 0 and 10");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add("Storage:RetryDelay must not be negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
