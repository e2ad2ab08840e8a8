using System.Globalization;
using System.Text;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.History;

/// <summary>A history query: the half-open range [<see cref="From"/>, <see cref="To"/>), the level, filters and step.</summary>
public sealed record HistoryQuery
{
    /// <summary>Start (inclusive, UTC).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End (exclusive, UTC).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Row level; default <see cref="HistoryLevel.Total"/>.</summary>
    public HistoryLevel Level { get; init; } = HistoryLevel.Total;

    /// <summary>Sources to include; empty means every source.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Assets to include (case-insensitive); empty means every asset.</summary>
    public IReadOnlyList<string> Assets { get; init; } = [];

    /// <summary>Conduit client ids to include; empty means every client (and 3Commas).</summary>
    public IReadOnlyList<string> ClientIds { get; init; } = [];

    /// <summary>Account ids to include; empty means every account.</summary>
    public IReadOnlyList<string> AccountIds { get; init; } = [];

    /// <summary>Bucket width; null for one row per series per successful snapshot.</summary>
    public HistoryStep? Step { get; init; }

    /// <summary>True when rows must be computed from the account-level index rather than the stored totals.</summary>
    internal bool NeedsAccounts => Level != HistoryLevel.Total || ClientIds.Count > 0 || AccountIds.Count > 0;

    /// <summary>
    /// The sources this query reads, in <see cref="SourceNames.All"/> order. 3Commas has no clients: nothing of it
    /// matches the client level or a clientId filter.
    /// </summary>
    internal IEnumerable<string> SelectedSources() => SourceNames.All.Where(source =>
        (Sources.Count == 0 || Sources.Contains(source, StringComparer.Ordinal))
        && !(source == SourceNames.ThreeCommas && (Level == HistoryLevel.Client || ClientIds.Count > 0)));

    /// <summary>A stable text of everything that shapes the rows (for the ETag).</summary>
    internal string Canonical()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{From.UtcTicks}|{To.UtcTicks}|{Level}|{Step?.Text}");
        foreach (var list in new[] { Sources, Assets.Select(a => a.ToUpperInvariant()).ToList(), ClientIds, AccountIds })
        {
            text.Append('|').AppendJoin(',', list.Order(StringComparer.Ordinal).Select(v => v.Replace(",", ",,", StringComparison.Ordinal)));
        }

        return text.ToString();
    }
}
