using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AccountSnapshots.History;

/// <summary>
/// What a history query gave, worked out while its rows stream (one pass, nothing kept per snapshot): the row count,
/// every row counted even past <see cref="MaxRows"/> (rows past it are not handed out), and the ETag seed, a hash of the
/// query and of the contributing snapshots in output order, which changes exactly when that set changes.
/// </summary>
internal sealed class HistoryTally : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _eTagSeed;

    public HistoryTally(long maxRows) => MaxRows = maxRows;

    /// <summary>Rows beyond this are counted but not handed out.</summary>
    public long MaxRows { get; }

    /// <summary>Rows the query gives (all of them once the rows have been read to the end).</summary>
    public long RowCount { get; private set; }

    /// <summary>True when the query gives more than <see cref="MaxRows"/> rows.</summary>
    public bool Exceeded => RowCount > MaxRows;

    /// <summary>The ETag seed; only once the rows have been read to the end.</summary>
    public string ETagSeed => _eTagSeed ?? throw new InvalidOperationException("The history rows have not been read to the end.");

    public void Dispose() => _hash.Dispose();

    internal void Begin(HistoryQuery query) => Append("history-v1|" + query.Canonical());

    // The same text, in the same order, as the seed always had: "|{source}@{ticks}" per contributing snapshot.
    internal void AddSlot(string source, DateTimeOffset at) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"|{source}@{at.UtcTicks}"));

    /// <summary>Counts one row; false when it is past <see cref="MaxRows"/> and must not be handed out.</summary>
    internal bool CountRow() => ++RowCount <= MaxRows;

    internal void Complete() => _eTagSeed = Convert.ToHexStringLower(_hash.GetHashAndReset().AsSpan(0, 16));

    private void Append(string text) => _hash.AppendData(Encoding.UTF8.GetBytes(text));
}
