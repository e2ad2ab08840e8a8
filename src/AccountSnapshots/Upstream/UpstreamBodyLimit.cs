namespace AccountSnapshots.Upstream;

/// <summary>The most bytes one upstream body may have once decompressed, and the setting that says so (for errors).</summary>
internal sealed record UpstreamBodyLimit(long MaxBytes, string Setting)
{
    /// <summary>Default of <c>Conduit:MaxResponseBytes</c> and <c>ThreeCommas:MaxResponseBytes</c>: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>Smallest accepted setting (1 KiB): an error page must still fit.</summary>
    public const long MinMaxBytes = 1024;

    /// <summary>Largest accepted setting (1 GiB): one buffer holds the whole body.</summary>
    public const long MaxMaxBytes = 1L << 30;
}
