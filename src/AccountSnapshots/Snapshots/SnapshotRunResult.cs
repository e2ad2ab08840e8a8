using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>What one run of one source did, for the CLI summary, the Functions log and tests.</summary>
public sealed record SnapshotRunResult
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>The slot served.</summary>
    public required SnapshotSlot Slot { get; init; }

    /// <summary>Outcome.</summary>
    public required SnapshotRunStatus Status { get; init; }

    /// <summary>Accounts fetched (0 on failure).</summary>
    public int Accounts { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Why it failed; null otherwise.</summary>
    public SourceError? Error { get; init; }

    /// <summary>Alerts this source raises after the run.</summary>
    public IReadOnlyList<AlertRecord> Alerts { get; init; } = [];

    /// <summary>Path of the snapshot document written (or found, for <see cref="SnapshotRunStatus.AlreadyTaken"/>); null when storage failed first.</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>HTTP requests made to the upstream.</summary>
    public int Requests { get; init; }
}
