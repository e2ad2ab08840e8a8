using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Storage;

/// <summary>
/// Flushes the folder a file was just renamed into. The rename is durable only once its folder is: without the flush
/// a power loss can bring back the old file (or none) after the write was reported.
/// </summary>
internal sealed class PublishedFolderSync(ILogger logger, Func<string, DirectorySyncResult> flush)
{
    private int _unsupportedLogged;

    /// <summary>Flushes the folder of <paramref name="publishedPath"/>; an <see cref="IOException"/> fails the write, although the file is already visible.</summary>
    public void AfterRenameInto(string publishedPath)
    {
        var folder = Path.GetDirectoryName(publishedPath)!;
        if (flush(folder) == DirectorySyncResult.NotSupportedByFileSystem && Interlocked.Exchange(ref _unsupportedLogged, 1) == 0)
        {
            StorageLog.DirectorySyncUnsupported(logger, folder);
        }
    }
}
