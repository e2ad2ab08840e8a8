using System.Collections.Concurrent;

namespace AccountSnapshots.Storage;

/// <summary>
/// One writer per path of the folder store: a semaphore within the process, and an exclusive lock file across
/// processes (two CLI runs, or <c>serve</c> beside <c>run</c>, on one folder).
/// </summary>
internal sealed class FileStoreLocks
{
    private static readonly TimeSpan LockWaitLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pathGates = new(StringComparer.Ordinal);

    /// <summary>
    /// The lock file that serialises replaces of <paramref name="fullPath"/> across processes: whoever holds it open with
    /// <see cref="FileShare.None"/> owns the path.
    /// </summary>
    public static string LockPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $"{SnapshotPath.ReservedPrefix}{Path.GetFileName(fullPath)}.lock");

    public async Task<IAsyncDisposable> AcquireAsync(string path, string finalPath, CancellationToken cancellationToken)
    {
        var gate = _pathGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Lock files are never deleted: deleting one lets two processes lock two different inodes of one name.
            var lockPath = LockPathFor(finalPath);
            var waited = TimeSpan.Zero;
            var delay = TimeSpan.FromMilliseconds(5);
            while (true)
            {
                try
                {
                    var handle = new FileStream(lockPath, OwnerOnlyFiles.NewFile(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None));
                    return new PathLock(handle, gate);
                }
                catch (IOException) when (File.Exists(lockPath) && waited < LockWaitLimit)
                {
                    // Another process holds it; its critical section is a hash and a rename, so a short poll suffices.
                    await Task.Delay(delay, cancellationToken);
                    waited += delay;
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class PathLock(FileStream handle, SemaphoreSlim gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await handle.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
