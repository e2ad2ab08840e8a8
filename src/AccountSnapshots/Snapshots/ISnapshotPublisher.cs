using AccountSnapshots.Model;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// Turns a stored snapshot document into the derived data the readers use (the aggregate and
/// <c>latest/{source}.json</c>). Implemented by Aggregation; declared here so the run depends on no reader of its
/// output. Publishing the same document twice changes nothing.
/// </summary>
internal interface ISnapshotPublisher
{
    /// <summary>
    /// Whether the derived data already holds <paramref name="document"/>: for a good one, its data (or newer) in the
    /// aggregate and the latest copy; for a failed one, an attempt at or after its slot.
    /// </summary>
    Task<bool> HasSeenAsync(SnapshotDocument document, CancellationToken cancellationToken);

    /// <summary>Publishes <paramref name="document"/>; <paramref name="content"/> is its stored bytes (seekable).</summary>
    Task<SnapshotPublication> PublishAsync(SnapshotDocument document, Stream content, CancellationToken cancellationToken);
}

/// <summary>What publishing a snapshot changed, for the run's logs and result.</summary>
/// <param name="RecoveredAccounts">Accounts whose exchange key was invalid before this snapshot and is valid now.</param>
/// <param name="SourceAlerts">The alerts the source raises once this snapshot is published.</param>
internal sealed record SnapshotPublication(IReadOnlyList<AccountRecord> RecoveredAccounts, IReadOnlyList<AlertRecord> SourceAlerts);
