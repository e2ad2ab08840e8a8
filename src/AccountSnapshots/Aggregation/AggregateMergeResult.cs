using AccountSnapshots.Model;

namespace AccountSnapshots.Aggregation;

/// <summary>The merged aggregate and what changed for the merged source.</summary>
internal sealed record AggregateMergeResult(AggregateDocument Document, bool DataReplaced, IReadOnlyList<AccountRecord> RecoveredAccounts);
