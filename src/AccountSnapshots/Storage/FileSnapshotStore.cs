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
    private readonly string _root = Path.GetFullPath(directory);
    private readonly FileStoreLocks _locks = new();
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
            (temp, var eTag) = await StoreFileIo.WriteTempAsync(finalPath, content, cancellationToken);

            // Every write then takes the path's lock: .NET's no-overwrite File.Move checks for the target and then
            // renames, which two writers can both pass (seen: 2 of 20 concurrent creates "won"), so create-if-absent
            // is checked under the lock too, and unconditional writes cannot slip between a compare and a replace.
            await using var pathLock = await _locks.AcquireAsync(path, finalPath, cancellationToken);
            if (condition.Kind == StoreConditionKind.IfAbsent && File.Exists(finalPath))
            {
                StorageLog.StoreWriteConditionFailed(logger, path, Description, condition.Kind);
                return StoreWriteResult.ConditionFailed;
            }

            if (condition.Kind == StoreConditionKind.IfMatch)
            {
                var current = await StoreFileIo.HashFileAsync(finalPath, cancellationToken);
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
            var read = await StoreFileIo.ReadBytesAsync(FullPath(path), cancellationToken);
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
            var hashed = await StoreFileIo.HashFileAsync(FullPath(path), cancellationToken);
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

    private string FullPath(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));

    private SnapshotStoreException Failure(string operation, string path, Exception ex)
    {
        StorageLog.StoreOperationFailed(logger, ex, operation, path, Description, null, ex.GetType().Name);
        return new SnapshotStoreException($"Snapshot store {Description} could not {operation} '{path}': {ex.Message}", ex);
    }
}
