namespace AccountSnapshots.Storage;

/// <summary>
/// Files and folders that hold balances are created readable by their owner only (under the usual umask 022 they
/// would be world-readable). Windows has no Unix modes: there the folder's ACLs apply.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> and any missing parent, each owner-only.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // Directory.CreateDirectory(path, mode) gives the mode to the last folder only (seen: its parents were
            // created 755), so each missing level is created on its own, from the outermost down.
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, FolderMode);
            }
        }
    }

    /// <summary>Options for a new file created owner-only.</summary>
    public static FileStreamOptions NewFile(FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
    {
        var result = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = FileMode;
        }

        return result;
    }
}
