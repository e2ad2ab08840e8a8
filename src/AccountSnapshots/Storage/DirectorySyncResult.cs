namespace AccountSnapshots.Storage;

/// <summary>What <see cref="DirectorySync.Flush"/> did.</summary>
internal enum DirectorySyncResult
{
    /// <summary>The folder was fsynced.</summary>
    Synced,

    /// <summary>The system has no folder flush (Windows); nothing was done.</summary>
    NotOnThisSystem,

    /// <summary>fsync answered EINVAL: the file system cannot sync a folder (some FUSE and network mounts).</summary>
    NotSupportedByFileSystem,
}
