using System.Globalization;
using System.Text;
using AccountSnapshots.Storage;

namespace AccountSnapshots.Tests.Storage;

/// <summary>The behaviour every <see cref="ISnapshotStore"/> must share; each store runs it through a subclass.</summary>
public abstract partial class SnapshotStoreContractTests
{
    private protected abstract ISnapshotStore Store { get; }

    [Fact]
    public async Task Creates_an_absent_object_and_reads_it_back_with_the_same_etag()
    {
        var result = await Store.WriteAsync("latest/aggregate.json", Content("{\"v\":1}"), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.True(result.Written);
        Assert.False(string.IsNullOrEmpty(result.ETag));
        var read = await Store.ReadAsync("latest/aggregate.json", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("{\"v\":1}", Text(read));
        Assert.Equal(result.ETag, read.ETag);
    }

    [Fact]
    public async Task A_second_create_reports_condition_failed_and_leaves_the_content_unchanged()
    {
        var first = await Store.WriteAsync("snapshots/a.json", Content("first"), StoreCondition.IfAbsent, CancellationToken.None);

        var second = await Store.WriteAsync("snapshots/a.json", Content("second"), StoreCondition.IfAbsent, CancellationToken.None);

        Assert.False(second.Written);
        Assert.Null(second.ETag);
        var read = await Store.ReadAsync("snapshots/a.json", CancellationToken.None);
        Assert.Equal("first", Text(read));
        Assert.Equal(first.ETag, read!.ETag);
    }

    [Fact]
    public async Task IfMatch_with_the_current_etag_replaces_the_content()
    {
        var first = await Store.WriteAsync("latest/x.json", Content("one"), StoreCondition.IfAbsent, CancellationToken.None);

        var second = await Store.WriteAsync("latest/x.json", Content("two"), StoreCondition.IfMatch(first.ETag!), CancellationToken.None);

        Assert.True(second.Written);
        Assert.NotEqual(first.ETag, second.ETag);
        var read = await Store.ReadAsync("latest/x.json", CancellationToken.None);
        Assert.Equal("two", Text(read));
        Assert.Equal(second.ETag, read!.ETag);
    }

    [Fact]
    public async Task IfMatch_with_a_stale_etag_fails_and_leaves_the_content_unchanged()
    {
        var first = await Store.WriteAsync("latest/x.json", Content("one"), StoreCondition.IfAbsent, CancellationToken.None);
        var second = await Store.WriteAsync("latest/x.json", Content("two"), StoreCondition.IfMatch(first.ETag!), CancellationToken.None);

        var stale = await Store.WriteAsync("latest/x.json", Content("three"), StoreCondition.IfMatch(first.ETag!), CancellationToken.None);

        Assert.False(stale.Written);
        var read = await Store.ReadAsync("latest/x.json", CancellationToken.None);
        Assert.Equal("two", Text(read));
        Assert.Equal(second.ETag, read!.ETag);
    }

    [Fact]
    public async Task IfMatch_on_a_missing_object_fails_and_creates_nothing()
    {
        var other = await Store.WriteAsync("latest/other.json", Content("x"), StoreCondition.None, CancellationToken.None);

        var result = await Store.WriteAsync("latest/missing.json", Content("x"), StoreCondition.IfMatch(other.ETag!), CancellationToken.None);

        Assert.False(result.Written);
        Assert.Null(await Store.ReadAsync("latest/missing.json", CancellationToken.None));
    }

    [Fact]
    public async Task Of_twenty_concurrent_creates_of_one_path_exactly_one_is_written()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Store.WriteAsync("snapshots/race.json", Content($"writer {i}"), StoreCondition.IfAbsent, CancellationToken.None))));

        var winners = results.Where(r => r.Written).ToList();
        Assert.Single(winners);
        var read = await Store.ReadAsync("snapshots/race.json", CancellationToken.None);
        Assert.Equal(winners[0].ETag, read!.ETag);
        Assert.StartsWith("writer ", Text(read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_read_modify_write_loops_lose_no_update()
    {
        const int Workers = 20;
        const int IncrementsEach = 3;
        await Store.WriteAsync("latest/counter.json", Content("0"), StoreCondition.IfAbsent, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < IncrementsEach; i++)
            {
                while (true)
                {
                    var current = await Store.ReadAsync("latest/counter.json", CancellationToken.None);
                    var next = int.Parse(Text(current), CultureInfo.InvariantCulture) + 1;
                    var result = await Store.WriteAsync(
                        "latest/counter.json", Content(next.ToString(CultureInfo.InvariantCulture)), StoreCondition.IfMatch(current!.ETag), CancellationToken.None);
                    if (result.Written)
                    {
                        break;
                    }
                }
            }
        })));

        var final = await Store.ReadAsync("latest/counter.json", CancellationToken.None);
        Assert.Equal((Workers * IncrementsEach).ToString(CultureInfo.InvariantCulture), Text(final));
    }

    [Fact]
    public async Task Reading_a_missing_object_returns_null()
    {
        Assert.Null(await Store.ReadAsync("latest/nothing.json", CancellationToken.None));
        Assert.Null(await Store.GetPropertiesAsync("latest/nothing.json", CancellationToken.None));
    }

    [Fact]
    public async Task The_etag_stays_while_the_content_stays_and_changes_when_it_changes()
    {
        var written = await Store.WriteAsync("latest/e.json", Content("alpha"), StoreCondition.None, CancellationToken.None);
        var properties = await Store.GetPropertiesAsync("latest/e.json", CancellationToken.None);
        var read = await Store.ReadAsync("latest/e.json", CancellationToken.None);
        var readAgain = await Store.ReadAsync("latest/e.json", CancellationToken.None);

        var changed = await Store.WriteAsync("latest/e.json", Content("beta"), StoreCondition.None, CancellationToken.None);
        var propertiesAfter = await Store.GetPropertiesAsync("latest/e.json", CancellationToken.None);

        Assert.Equal(written.ETag, properties!.ETag);
        Assert.Equal(written.ETag, read!.ETag);
        Assert.Equal(written.ETag, readAgain!.ETag);
        Assert.Equal(5, properties.Length);
        Assert.NotEqual(written.ETag, changed.ETag);
        Assert.Equal(changed.ETag, propertiesAfter!.ETag);
        Assert.Equal(4, propertiesAfter.Length);
    }

    [Fact]
    public async Task Lists_only_paths_under_the_prefix_in_ordinal_order()
    {
        foreach (var path in new[] { "snapshots/conduit/b.json", "snapshots/conduit/a.json", "snapshots/conduit/2026/01/c.json", "snapshots/threecommas/a.json", "latest/conduit.json" })
        {
            await Store.WriteAsync(path, Content(path), StoreCondition.IfAbsent, CancellationToken.None);
        }

        var listed = await ToListAsync(Store.ListAsync("snapshots/conduit/", CancellationToken.None));
        var all = await ToListAsync(Store.ListAsync("", CancellationToken.None));

        Assert.Equal(["snapshots/conduit/2026/01/c.json", "snapshots/conduit/a.json", "snapshots/conduit/b.json"], listed);
        Assert.Equal(5, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Empty(await ToListAsync(Store.ListAsync("nothing/", CancellationToken.None)));
    }

    [Fact]
    public async Task An_unconditional_write_overwrites()
    {
        await Store.WriteAsync("latest/u.json", Content("old"), StoreCondition.None, CancellationToken.None);

        var result = await Store.WriteAsync("latest/u.json", Content("new"), StoreCondition.None, CancellationToken.None);

        Assert.True(result.Written);
        Assert.Equal("new", Text(await Store.ReadAsync("latest/u.json", CancellationToken.None)));
    }

    [Fact]
    public async Task Writes_the_content_from_the_current_stream_position()
    {
        var stream = Content("skip-keep");
        stream.Position = 5;

        await Store.WriteAsync("latest/p.json", stream, StoreCondition.None, CancellationToken.None);

        Assert.Equal("keep", Text(await Store.ReadAsync("latest/p.json", CancellationToken.None)));
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("latest/../../escape.json")]
    [InlineData("/absolute.json")]
    [InlineData("latest\\windows.json")]
    [InlineData("latest//double.json")]
    [InlineData("")]
    public async Task Rejects_paths_that_are_not_relative_forward_slash_paths(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(path, Content("x"), StoreCondition.None, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(path, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetPropertiesAsync(path, CancellationToken.None));
    }

    private protected static MemoryStream Content(string text) => new(Encoding.UTF8.GetBytes(text));

    private protected static string Text(StoredObject? stored)
    {
        Assert.NotNull(stored);
        return Encoding.UTF8.GetString(stored.Content.Span);
    }

    private protected static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
