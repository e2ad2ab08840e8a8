using AccountSnapshots.History;

namespace AccountSnapshots.Api.Commands;

/// <summary>Rebuilds the history index (<c>history/…</c>) from the snapshots in the store, for a host's own command.</summary>
public sealed class ReindexCommandHandler
{
    private readonly HistoryIndex _index;

    internal ReindexCommandHandler(HistoryIndex index) => _index = index;

    /// <summary>Reindexes the UTC days from <paramref name="from"/> to <paramref name="to"/> (each open when null).</summary>
    public Task<HistoryReindexSummary> ReindexAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        _index.ReindexAsync(from, to, cancellationToken);
}
