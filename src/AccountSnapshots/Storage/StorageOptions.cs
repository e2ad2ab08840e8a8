namespace AccountSnapshots.Storage;

/// <summary>Where snapshots are stored (section <c>Storage</c>): Blob Storage when a connection string or service URI is set, else a directory.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>Local directory used when neither Blob setting is set. Default <c>./snapshots</c>.</summary>
    public string Directory { get; set; } = "./snapshots";

    /// <summary>Blob Storage connection string (Azurite, or shared key/SAS). Default none. Never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob service endpoint used with the app's identity, e.g. <c>https://acct.blob.core.windows.net</c>. Default none.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Blob container. Default <c>account-snapshots</c>.</summary>
    public string Container { get; set; } = "account-snapshots";

    /// <summary>Timeout of one Blob HTTP attempt. Default 00:00:30.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Blob SDK retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First Blob SDK retry delay (exponential back-off). Default 00:00:00.8.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>True when Blob Storage is configured.</summary>
    internal bool UsesBlob => !string.IsNullOrWhiteSpace(ConnectionString) || ServiceUri is not null;
}
