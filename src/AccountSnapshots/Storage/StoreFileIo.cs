using System.Buffers;
using System.Security.Cryptography;

namespace AccountSnapshots.Storage;

/// <summary>
/// The folder store's file operations: a temporary file written durably while its content is hashed, a file hashed in
/// chunks, and a file read whole together with its time. Nothing here is held whole except what a read returns.
/// </summary>
internal static class StoreFileIo
{
    // Chunk for streaming copies and hashes (below the large-object-heap threshold once rented).
    private const int CopyBufferBytes = 64 * 1024;

    public static async Task<(string Temp, string ETag)> WriteTempAsync(string finalPath, Stream content, CancellationToken cancellationToken)
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
    public static async Task<(string ETag, DateTimeOffset LastModified, long Length)?> HashFileAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (TryOpenRead(fullPath, bufferSize: 1) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            var lastModified = LastWriteOf(stream);
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

    public static string ETagOf(IncrementalHash hash) => $"\"{Convert.ToHexStringLower(hash.GetHashAndReset())}\"";

    public static async Task<(byte[] Bytes, DateTimeOffset LastModified)?> ReadBytesAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (TryOpenRead(fullPath, bufferSize: 4096) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            var lastModified = LastWriteOf(stream);
            // Sized from the file so the usual case makes one exact array, not a doubling MemoryStream and a copy.
            using var buffer = new MemoryStream((int)Math.Min(stream.Length, Array.MaxLength));
            await stream.CopyToAsync(buffer, cancellationToken);
            return (buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(), lastModified);
        }
    }

    // Shared with concurrent writers and renames: a reader keeps the version it opened.
    private static FileStream? TryOpenRead(string fullPath, int bufferSize)
    {
        try
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // Time and bytes from the same open file: a concurrent rename cannot pair new content with an old time.
    private static DateTimeOffset LastWriteOf(FileStream stream) => new(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
}
