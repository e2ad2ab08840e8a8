using System.Runtime.Versioning;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Tests.Storage;

// The suite runs on Linux (CI: ubuntu); these call libc through DirectorySync.
[UnsupportedOSPlatform("windows")]
public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("directory-sync-").FullName;

    [Fact]
    public void A_folder_is_opened_and_fsynced()
    {
        Assert.Equal(DirectorySyncResult.Synced, DirectorySync.Flush(_directory));
    }

    [Fact]
    public void A_missing_folder_fails_with_its_path_and_errno()
    {
        var missing = Path.Combine(_directory, "missing");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_is_refused_because_the_folder_is_opened_with_O_DIRECTORY()
    {
        var file = Path.Combine(_directory, "file.json");
        File.WriteAllText(file, "{}");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(file));

        // ENOTDIR: proves the O_DIRECTORY value is right for this system and architecture.
        Assert.Contains("errno 20)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
