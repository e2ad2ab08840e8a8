using System.Runtime.InteropServices;

namespace AccountSnapshots.Storage;

/// <summary>
/// Flushes a folder's entries to disk, so a rename that published a file survives a power loss: the file's own
/// fsync makes its bytes durable, not the folder entry that names it. .NET opens no folder as a file (FileStream and
/// File.OpenHandle refuse one), so this calls libc's open(O_RDONLY | O_DIRECTORY) and fsync directly.
/// </summary>
internal static partial class DirectorySync
{
    // errno for "this file system cannot sync that kind of file" (the same number on Linux and macOS).
    private const int InvalidArgument = 22;

    /// <summary>Flushes <paramref name="directory"/>; throws <see cref="IOException"/> when the folder cannot be opened or synced.</summary>
    public static DirectorySyncResult Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            // Windows has no folder flush: FlushFileBuffers needs a handle opened for writing, which a folder refuses.
            // NTFS journals the rename's metadata itself. Other systems .NET runs on unofficially are left alone.
            return DirectorySyncResult.NotOnThisSystem;
        }

        var descriptor = Open(directory, OpenFlags());
        if (descriptor < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Sync(descriptor) == 0)
            {
                return DirectorySyncResult.Synced;
            }

            var errno = Marshal.GetLastPInvokeError();
            return errno == InvalidArgument ? DirectorySyncResult.NotSupportedByFileSystem : throw Failure("fsync", directory, errno);
        }
        finally
        {
            // A failed close of a read-only descriptor loses nothing: the sync above already reported.
            _ = Close(descriptor);
        }
    }

    // O_RDONLY is 0 everywhere; O_DIRECTORY and O_CLOEXEC differ by system and, on Linux, by architecture.
    private static int OpenFlags()
    {
        if (OperatingSystem.IsMacOS())
        {
            return 0x100000 | 0x1000000;
        }

        var directoryFlag = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le
            ? 0x4000
            : 0x10000;
        return directoryFlag | 0x80000;
    }

    private static IOException Failure(string call, string directory, int errno) =>
        new($"{call} of folder {directory} for a directory fsync failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Sync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
