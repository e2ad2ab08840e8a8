using System.Text.Json.Serialization;
using AccountSnapshots.Snapshots;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// <c>latest/aggregate.json</c>: the public contract dashboards read (schemaVersion 1). Fields may be added; none
/// may be renamed or dropped.
/// </summary>
public sealed record AggregateDocument
{
    /// <summary>Current schema version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Always 1 for this shape.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>When this aggregate was written (UTC).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>One entry per source, in <see cref="Upstream.SourceNames.All"/> order.</summary>
    public required IReadOnlyList<SourceStatus> Sources { get; init; }

    /// <summary>Accounts of every source (last good data of each).</summary>
    public required IReadOnlyList<AccountRecord> Accounts { get; init; }

    /// <summary>Totals per source and asset.</summary>
    public required IReadOnlyList<TotalRecord> Totals { get; init; }

    /// <summary>Everything that needs attention now.</summary>
    public required IReadOnlyList<AlertRecord> Alerts { get; init; }
}

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

/// <summary>Values of <see cref="SourceStatus.Status"/>.</summary>
public static class SourceStatusValues
{
    /// <summary>The last attempt succeeded.</summary>
    public const string Ok = "ok";

    /// <summary>The last attempt failed or the source is overdue; earlier good data is served.</summary>
    public const string Stale = "stale";

    /// <summary>The last attempt failed and no good data exists.</summary>
    public const string Failed = "failed";

    /// <summary>No attempt yet.</summary>
    public const string Never = "never";
}

/// <summary>A total per source, asset and network.</summary>
public sealed record TotalRecord(string Source, string Asset, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Network, string Amount);

/// <summary>Something that needs attention; <see cref="Kind"/> values are in <see cref="AlertKinds"/>.</summary>
public sealed record AlertRecord
{
    /// <summary><c>exchangeApiKeyInvalid</c>, <c>credentialsRejected</c> or <c>totalsMismatch</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Account id (exchangeApiKeyInvalid).</summary>
    public string? AccountId { get; init; }

    /// <summary>Account name (exchangeApiKeyInvalid).</summary>
    public string? AccountName { get; init; }

    /// <summary>Exchange name (exchangeApiKeyInvalid).</summary>
    public string? Exchange { get; init; }

    /// <summary><c>api_keys_state</c> (exchangeApiKeyInvalid).</summary>
    public string? State { get; init; }

    /// <summary>HTTP status (credentialsRejected).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Upstream error code (credentialsRejected).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Asset and network that disagree (totalsMismatch).</summary>
    public string? Asset { get; init; }

    /// <summary>Network (totalsMismatch).</summary>
    public string? Network { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; init; }
}

/// <summary>Values of <see cref="AlertRecord.Kind"/>.</summary>
public static class AlertKinds
{
    /// <summary>An exchange key inside 3Commas is invalid or not ok.</summary>
    public const string ExchangeApiKeyInvalid = "exchangeApiKeyInvalid";

    /// <summary>Our own credentials for a source were rejected in its last attempt.</summary>
    public const string CredentialsRejected = "credentialsRejected";

    /// <summary>Conduit's totalBalances disagree with the per-client sums.</summary>
    public const string TotalsMismatch = "totalsMismatch";
}
