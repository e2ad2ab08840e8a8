using System.Text.Json.Serialization;
using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Serialization;

/// <summary>
/// The one source-generated JSON context of the core: camelCase, nulls omitted unless a property says otherwise,
/// no reflection. Every type the core reads or writes is listed here.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(AggregateDocument))]
[JsonSerializable(typeof(AccountRecord))]
[JsonSerializable(typeof(SourceError))]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(AccountSnapshots.Api.ApiProblem))]
[JsonSerializable(typeof(AccountSnapshots.Api.HealthDocument))]
[JsonSerializable(typeof(AccountSnapshots.History.HistoryTotalsDay))]
[JsonSerializable(typeof(AccountSnapshots.History.HistoryAccountsDay))]
internal sealed partial class AccountSnapshotsJsonContext : JsonSerializerContext;
