using System.Text.Json.Serialization;
using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Snapshots;

/// <summary>
/// The immutable per-source, per-run document (<c>snapshots/…</c> and <c>latest/{source}.json</c>), with the raw
/// upstream pages it was built from.
/// </summary>
public sealed record SnapshotDocument
{
    /// <summary>Current schema version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The <see cref="Status"/> of a successful run.</summary>
    public const string StatusOk = "ok";

    /// <summary>The <see cref="Status"/> of a failed run.</summary>
    public const string StatusFailed = "failed";

    /// <summary>Schema version of this document.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>The slot served (UTC, whole seconds).</summary>
    public required DateTimeOffset Slot { get; init; }

    /// <summary><c>schedule</c> or <c>manual</c>.</summary>
    public required string Trigger { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the fetch finished.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary><c>ok</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Whether the run succeeded (<see cref="Status"/> is <c>ok</c>).</summary>
    [JsonIgnore]
    public bool IsOk => string.Equals(Status, StatusOk, StringComparison.Ordinal);

    /// <summary>Why it failed; null when ok.</summary>
    public SourceError? Error { get; init; }

    /// <summary>Normalised accounts (empty when failed).</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; init; } = [];

    /// <summary>Totals computed from the accounts.</summary>
    public IReadOnlyList<TotalRecord> Totals { get; init; } = [];

    /// <summary>Totals as the upstream reported them (Conduit <c>totalBalances</c>).</summary>
    public IReadOnlyList<BalanceRecord> UpstreamTotals { get; init; } = [];

    /// <summary>Exchange key findings and other alerts raised by this run.</summary>
    public IReadOnlyList<AlertRecord> Findings { get; init; } = [];

    /// <summary>HTTP requests sent, retries included.</summary>
    public int Requests { get; init; }

    /// <summary>Retries performed.</summary>
    public int Retries { get; init; }

    /// <summary>Upstream correlation ids.</summary>
    public IReadOnlyList<string> CorrelationIds { get; init; } = [];

    /// <summary>Secret versions used (name to Key Vault version; null for configuration secrets). Never values.</summary>
    public IReadOnlyDictionary<string, string?> SecretVersions { get; init; } = new Dictionary<string, string?>();

    /// <summary>Every upstream response as received (exchange keys masked). Skipped when a document is read back.</summary>
    [JsonConverter(typeof(RawPagesJsonConverter))]
    public IReadOnlyList<RawPage> Raw { get; init; } = [];
}
