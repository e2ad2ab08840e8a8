using System.Text.Json.Serialization;

namespace AccountSnapshots.Aggregation;

/// <summary>Status of one source in the aggregate.</summary>
public sealed record SourceStatus
{
    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary><c>ok</c>, <c>stale</c>, <c>failed</c> or <c>never</c> (<see cref="SourceStatusValues"/>).</summary>
    public required string Status { get; init; }

    /// <summary>Slot of the snapshot whose data is served; null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? SnapshotAt { get; init; }

    /// <summary>Slot of the last attempt, successful or not; null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>Error of the last failed attempt when that attempt is the latest; otherwise null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Upstream.SourceError? LastError { get; init; }

    /// <summary>Number of accounts served for this source.</summary>
    public int AccountCount { get; init; }
}
