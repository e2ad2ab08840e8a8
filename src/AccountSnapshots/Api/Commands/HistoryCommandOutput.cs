namespace AccountSnapshots.Api.Commands;

/// <summary>Rendered history rows (in memory or a temporary file, deleted on dispose), or why there are none.</summary>
public sealed class HistoryCommandOutput : IAsyncDisposable
{
    private readonly HistorySpool? _spool;

    internal HistoryCommandOutput(HistorySpool? spool, string? problem, long maxRows) => (_spool, Problem, MaxRows) = (spool, problem, maxRows);

    /// <summary>The route's 400 message when the query was refused; null otherwise.</summary>
    public string? Problem { get; }

    /// <summary>The <c>Api:MaxHistoryRows</c> limit the rows were counted against.</summary>
    public long MaxRows { get; }

    /// <summary>How many rows the query selected (counted past the limit too).</summary>
    public long RowCount => _spool?.Tally.RowCount ?? 0;

    /// <summary>True when the query selected more rows than <see cref="MaxRows"/>; nothing past it was rendered.</summary>
    public bool Exceeded => _spool?.Tally.Exceeded ?? false;

    /// <summary>Copies the rendered bytes to <paramref name="destination"/>.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        _spool?.CopyToAsync(destination, cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _spool?.DisposeAsync() ?? ValueTask.CompletedTask;
}
