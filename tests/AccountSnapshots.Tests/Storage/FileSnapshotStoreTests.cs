using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccountSnapshots.Tests.Storage;

public sealed class FileSnapshotStoreTests : SnapshotStoreContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "file-store-" + Guid.NewGuid().ToString("N"), "nested");

    public FileSnapshotStoreTests() => Store = NewStore();

    private protected override ISnapshotStore Store { get; }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix modes; the suite runs on Linux (CI: ubuntu).
    public async Task Stored_files_and_the_folders_it_creates_are_readable_by_their_owner_only()
    {
        await Store.WriteAsync("snapshots/conduit/2026/01/02/x.json", Content("balances"), StoreCondition.IfAbsent, CancellationToken.None);

        const UnixFileMode othersOrGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var file = Path.Combine(_directory, "snapshots", "conduit", "2026", "01", "02", "x.json");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(file) & othersOrGroup);
        for (var folder = Path.GetDirectoryName(file)!; folder.Length >= _directory.Length; folder = Path.GetDirectoryName(folder)!)
        {
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder) & othersOrGroup);
        }
    }

    [Fact]
    public async Task Every_write_that_lands_flushes_the_folder_after_the_file_is_renamed_into_it()
    {
        var folder = Path.Combine(_directory, "latest");
        var file = Path.Combine(folder, "x.json");
        var flushes = new List<(string Folder, string? ContentAtFlush)>();
        var store = new FileSnapshotStore(_directory, NullLogger<FileSnapshotStore>.Instance, flushed =>
        {
            // What the folder names at the flush: the new content only if the rename came first.
            flushes.Add((flushed, File.Exists(file) ? File.ReadAllText(file) : null));
            return DirectorySync.Flush(flushed);
        });

        await store.WriteAsync("latest/x.json", Content("1"), StoreCondition.IfAbsent, CancellationToken.None);
        var second = await store.WriteAsync("latest/x.json", Content("2"), StoreCondition.None, CancellationToken.None);
        await store.WriteAsync("latest/x.json", Content("3"), StoreCondition.IfMatch(second.ETag!), CancellationToken.None);
        var refused = await store.WriteAsync("latest/x.json", Content("4"), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.Equal(StoreWriteResult.ConditionFailed, refused);
        Assert.Equal([(folder, "1"), (folder, "2"), (folder, "3")], flushes);
    }

    [Fact]
    public async Task Creates_the_directory_when_it_is_missing()
    {
        Assert.False(Directory.Exists(_directory));

        await Store.WriteAsync("snapshots/conduit/2026/01/02/x.json", Content("x"), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_directory, "snapshots", "conduit", "2026", "01", "02", "x.json")));
    }

    [Fact]
    public async Task The_etag_is_the_quoted_lowercase_sha256_of_the_content_and_survives_a_restart()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}");
        var expected = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\"";

        var written = await Store.WriteAsync("latest/a.json", new MemoryStream(bytes), StoreCondition.IfAbsent, CancellationToken.None);
        var afterRestart = await NewStore().GetPropertiesAsync("latest/a.json", CancellationToken.None);

        Assert.Equal(expected, written.ETag);
        Assert.Equal(expected, afterRestart!.ETag);
    }

    [Fact]
    public async Task Leaves_no_temporary_files_and_lists_no_lock_files()
    {
        await Store.WriteAsync("latest/a.json", Content("1"), StoreCondition.IfAbsent, CancellationToken.None);
        await Store.WriteAsync("latest/a.json", Content("2"), StoreCondition.IfAbsent, CancellationToken.None);
        var current = await Store.ReadAsync("latest/a.json", CancellationToken.None);
        await Store.WriteAsync("latest/a.json", Content("3"), StoreCondition.IfMatch(current!.ETag), CancellationToken.None);

        var listed = await ToListAsync(Store.ListAsync("", CancellationToken.None));

        Assert.Equal(["latest/a.json"], listed);
        Assert.DoesNotContain(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_store_instances_on_one_directory_lose_no_update()
    {
        // Separate instances share no semaphore, like two processes: only the lock file keeps them apart.
        var stores = new[] { Store, NewStore(), NewStore(), NewStore() };
        await Store.WriteAsync("latest/counter.json", Content("0"), StoreCondition.IfAbsent, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(worker => Task.Run(async () =>
        {
            var store = stores[worker % stores.Length];
            for (var i = 0; i < 5; i++)
            {
                while (true)
                {
                    var current = await store.ReadAsync("latest/counter.json", CancellationToken.None);
                    var next = int.Parse(Text(current), CultureInfo.InvariantCulture) + 1;
                    var result = await store.WriteAsync(
                        "latest/counter.json", Content(next.ToString(CultureInfo.InvariantCulture)), StoreCondition.IfMatch(current!.ETag), CancellationToken.None);
                    if (result.Written)
                    {
                        break;
                    }
                }
            }
        })));

        Assert.Equal("100", Text(await Store.ReadAsync("latest/counter.json", CancellationToken.None)));
    }

    [Theory]
    [InlineData(FileShare.None)]
    [InlineData(FileShare.ReadWrite)]
    public async Task A_replace_waits_while_another_process_holds_the_path_lock(FileShare heldWith)
    {
        var first = await Store.WriteAsync("latest/locked.json", Content("0"), StoreCondition.IfAbsent, CancellationToken.None);
        var lockPath = FileStoreLocks.LockPathFor(Path.Combine(_directory, "latest", "locked.json"));

        Task<StoreWriteResult> write;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, heldWith))
        {
            write = Store.WriteAsync("latest/locked.json", Content("1"), StoreCondition.IfMatch(first.ETag!), CancellationToken.None);
            var firstDone = await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(300)));

            Assert.NotSame(write, firstDone);
            Assert.Equal("0", Text(await Store.ReadAsync("latest/locked.json", CancellationToken.None)));
        }

        Assert.True((await write).Written);
        Assert.Equal("1", Text(await Store.ReadAsync("latest/locked.json", CancellationToken.None)));
    }

    [Fact]
    public async Task Reports_the_file_time_as_last_modified()
    {
        await Store.WriteAsync("latest/t.json", Content("t"), StoreCondition.None, CancellationToken.None);
        var fileTime = File.GetLastWriteTimeUtc(Path.Combine(_directory, "latest", "t.json"));

        var properties = await Store.GetPropertiesAsync("latest/t.json", CancellationToken.None);

        Assert.Equal(new DateTimeOffset(fileTime, TimeSpan.Zero), properties!.LastModified);
    }

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    private FileSnapshotStore NewStore() => new(_directory, NullLogger<FileSnapshotStore>.Instance);
}
