using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Storage;

/// <summary>
/// <see cref="ISnapshotStore"/> over a local directory with the Blob store's semantics: every write lands through a
/// temporary file and a rename, so readers never see partial content; conditional replaces are serialised per path
/// within the process (semaphore) and across processes (an exclusive lock file).
/// </summary>
/// <param name="directory">The store's root folder, created owner-only when missing.</param>
/// <param name="logger">Storage events.</param>
/// <param name="syncDirectory">Flushes a folder after a rename into it; <see cref="DirectorySync.Flush"/> unless a test
/// wraps it to see that it runs.</param>
internal sealed class FileSnapshotStore(string directory, ILogger<FileSnapshotStore> logger, Func<string, DirectorySyncResult>? syncDirectory = null) : ISnapshotStore
{
    private static readonly TimeSpan LockWaitLimit = TimeSpan.FromSeconds(30);

    // Chunk for streaming copies and hashes (below the large-object-heap threshold once rented).
    private const int CopyBufferBytes = 64 * 1024;

    private readonly string _root = Path.GetFullPath(directory);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pathGates = new(StringComparer.Ordinal);
    private readonly PublishedFolderSync _folderSync = new(logger, syncDirectory ?? DirectorySync.Flush);

    public string Description => $"directory {_root}";

    /// <summary>The strong ETag of some content: quoted lowercase hex SHA-256, stable across restarts.</summary>
    public static string ComputeETag(ReadOnlySpan<byte> content) => $"\"{Convert.ToHexStringLower(SHA256.HashData(content))}\"";

    public async Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.Kind == StoreConditionKind.IfMatch && condition.ETag is null)
        {
            throw new ArgumentException("IfMatch needs an ETag.", nameof(condition));
        }

        var finalPath = FullPath(path);
        string? temp = null;
        try
        {
            OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(finalPath)!);

            // Streamed to a temporary file and hashed on the way: a snapshot of tens of MB is never copied in memory.
            (temp, var eTag) = await WriteTempAsync(finalPath, content, cancellationToken);

            // Every write then takes the path's lock: .NET's no-overwrite File.Move checks for the target and then
            // renames, which two writers can both pass (seen: 2 of 20 concurrent creates "won"), so create-if-absent
            // is checked under the lock too, and unconditional writes cannot slip between a compare and a replace.
            await using var pathLock = await AcquireLockAsync(path, finalPath, cancellationToken);
            if (condition.Kind == StoreConditionKind.IfAbsent && File.Exists(finalPath))
            {
                StorageLog.StoreWriteConditionFailed(logger, path, Description, condition.Kind);
                return StoreWriteResult.ConditionFailed;
            }

            if (condition.Kind == StoreConditionKind.IfMatch)
            {
                var current = await HashFileAsync(finalPath, cancellationToken);
                if (current is null || !string.Equals(current.Value.ETag, condition.ETag, StringComparison.Ordinal))
                {
                    StorageLog.StoreWriteConditionFailed(logger, path, Description, condition.Kind);
                    return StoreWriteResult.ConditionFailed;
                }
            }

            File.Move(temp, finalPath, overwrite: true);
            _folderSync.AfterRenameInto(finalPath);
            return StoreWriteResult.Success(eTag);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("write", path, ex);
        }
        finally
        {
            if (temp is not null)
            {
                // Nothing to delete once renamed; left behind only when the write did not land. A failed clean-up
                // must not replace the write's own outcome (the temp name is skipped by listings anyway).
                try
                {
                    File.Delete(temp);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    StorageLog.TempFileLeft(logger, temp, ex.Message);
                }
            }
        }
    }

    public async Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        try
        {
            var read = await ReadBytesAsync(FullPath(path), cancellationToken);
            return read is { } r ? new StoredObject(r.Bytes, ComputeETag(r.Bytes), r.LastModified) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("read", path, ex);
        }
    }

    public async Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        try
        {
            // The ETag is a content hash, so the content has to be read; it is hashed as it streams, not buffered.
            var hashed = await HashFileAsync(FullPath(path), cancellationToken);
            return hashed is { } h ? new StoredObjectProperties(h.ETag, h.LastModified, h.Length) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("read properties", path, ex);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SnapshotPath.ValidatePrefix(prefix);
        await Task.Yield();
        List<string> names;
        try
        {
            // Start at the prefix's own folder: listing one day of snapshots must not walk the whole store.
            var folder = prefix.Contains('/', StringComparison.Ordinal) ? FullPath(prefix[..prefix.LastIndexOf('/')]) : _root;
            names = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Select(file => Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(name => !Path.GetFileName(name).StartsWith(SnapshotPath.ReservedPrefix, StringComparison.Ordinal)
                        && name.StartsWith(prefix, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("list", prefix, ex);
        }

        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return name;
        }
    }

    /// <summary>
    /// The lock file that serialises replaces of <paramref name="fullPath"/> across processes: whoever holds it open with
    /// <see cref="FileShare.None"/> owns the path.
    /// </summary>
    internal static string LockPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $"{SnapshotPath.ReservedPrefix}{Path.GetFileName(fullPath)}.lock");

    private string FullPath(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private static async Task<(string Temp, string ETag)> WriteTempAsync(string finalPath, Stream content, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(finalPath)!, $"{SnapshotPath.ReservedPrefix}{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            await using (var stream = new FileStream(temp, OwnerOnlyFiles.NewFile(FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous)))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // Durable before it becomes visible: a crash must not leave a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (temp, ETagOf(hash));
    }

    /// <summary>The ETag, time and length of a file, hashed in chunks (never held whole); null when it does not exist.</summary>
    private static async Task<(string ETag, DateTimeOffset LastModified, long Length)?> HashFileAsync(string fullPath, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream)
        {
            // Time and bytes from the same open file: a concurrent rename cannot pair new content with an old time.
            var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                long length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    length += read;
                }

                return (ETagOf(hash), lastModified, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string ETagOf(IncrementalHash hash) => $"\"{Convert.ToHexStringLower(hash.GetHashAndReset())}\"";

    private static async Task<(byte[] Bytes, DateTimeOffset LastModified)?> ReadBytesAsync(string fullPath, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream)
        {
            // Time and bytes from the same open file: a concurrent rename cannot pair new content with an old time.
            var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
            // Sized from the file so the usual case makes one exact array, not a doubling MemoryStream and a copy.
            using var buffer = new MemoryStream((int)Math.Min(stream.Length, Array.MaxLength));
            await stream.CopyToAsync(buffer, cancellationToken);
            return (buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(), lastModified);
        }
    }

    private async Task<PathLock> AcquireLockAsync(string path, string finalPath, CancellationToken cancellationToken)
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

    private SnapshotStoreException Failure(string operation, string path, Exception ex)
    {
        StorageLog.StoreOperationFailed(logger, ex, operation, path, Description, null, ex.GetType().Name);
        return new SnapshotStoreException($"Snapshot store {Description} could not {operation} '{path}': {ex.Message}", ex);
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
