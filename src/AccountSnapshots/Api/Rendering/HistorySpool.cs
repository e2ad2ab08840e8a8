using AccountSnapshots.History;

namespace AccountSnapshots.Api;

/// <summary>
/// A history response rendered in one pass into a spool (memory up to <see cref="MemoryThreshold"/>, then a temporary
/// file deleted on dispose). The status (a 400 over <c>Api:MaxHistoryRows</c>) and the ETag depend on every row, and
/// must be sent before the first one, so the rows stream into the spool and the spool into the response: memory does
/// not grow with the range, and the index is read once.
/// </summary>
internal sealed class HistorySpool : IAsyncDisposable
{
    /// <summary>Bytes kept in memory before the spool moves to a temporary file.</summary>
    public const int MemoryThreshold = 64 * 1024;

    private readonly HistorySpoolStream _buffer;

    private HistorySpool(HistorySpoolStream buffer, HistoryTally tally) => (_buffer, Tally) = (buffer, tally);

    /// <summary>True when the rendered bytes moved from memory to the temporary file.</summary>
    public bool OnDisk => _buffer.OnDisk;

    /// <summary>Row count and ETag seed of the rendered rows.</summary>
    public HistoryTally Tally { get; }

    /// <summary>Renders the rows of <paramref name="query"/> with <paramref name="write"/>; rows past <paramref name="maxRows"/> are counted, not written.</summary>
    public static async Task<HistorySpool> RenderAsync(
        HistoryService history,
        HistoryQuery query,
        long maxRows,
        Func<Stream, IAsyncEnumerable<HistoryRow>, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new HistorySpoolStream(MemoryThreshold);
        var tally = new HistoryTally(maxRows);
        try
        {
            await write(buffer, history.ReadRowsAsync(query, tally, cancellationToken), cancellationToken);
            return new HistorySpool(buffer, tally);
        }
        catch
        {
            tally.Dispose();
            await buffer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Copies the rendered bytes to <paramref name="destination"/>.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken) => _buffer.CopyOutAsync(destination, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Tally.Dispose();
        await _buffer.DisposeAsync();
    }
}
