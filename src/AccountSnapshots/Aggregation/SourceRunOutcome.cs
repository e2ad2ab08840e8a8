using AccountSnapshots.Model;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Aggregation;

/// <summary>What one run contributes to the aggregate.</summary>
internal sealed record SourceRunOutcome
{
    public required string Source { get; init; }

    public required DateTimeOffset Slot { get; init; }

    /// <summary>Null when the run succeeded.</summary>
    public SourceError? Error { get; init; }

    public IReadOnlyList<AccountRecord> Accounts { get; init; } = [];

    public IReadOnlyList<TotalRecord> Totals { get; init; } = [];

    /// <summary>Alerts that come from the data (exchange keys, totals mismatch).</summary>
    public IReadOnlyList<AlertRecord> DataAlerts { get; init; } = [];

    /// <summary>What a stored snapshot document contributes: its data when it succeeded, its error otherwise.</summary>
    public static SourceRunOutcome From(SnapshotDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.IsOk)
        {
            return new SourceRunOutcome
            {
                Source = document.Source,
                Slot = document.Slot,
                Error = document.Error ?? new SourceError(UpstreamErrorKind.Unavailable, $"{document.Source}: the stored snapshot says {document.Status}"),
            };
        }

        return new SourceRunOutcome
        {
            Source = document.Source,
            Slot = document.Slot,
            Accounts = document.Accounts,
            Totals = document.Totals,
            DataAlerts = document.Findings,
        };
    }
}
