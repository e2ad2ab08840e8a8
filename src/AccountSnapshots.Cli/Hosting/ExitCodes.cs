namespace AccountSnapshots.Cli.Hosting;

/// <summary>Process exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Every requested source succeeded (or its slot was already stored).</summary>
    public const int Success = 0;

    /// <summary>At least one requested source failed; the failure is recorded in the store.</summary>
    public const int SourceFailed = 1;

    /// <summary>Bad configuration or usage; nothing was fetched or written.</summary>
    public const int ConfigurationError = 2;

    /// <summary>The store could not be read.</summary>
    public const int StorageError = 3;

    /// <summary>Interrupted (Ctrl+C / SIGTERM).</summary>
    public const int Interrupted = 130;
}
