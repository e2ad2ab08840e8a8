namespace AccountSnapshots.Api;

/// <summary>The body of <c>/api/health</c>: statuses and ages only, never balances or names (it is anonymous).</summary>
internal sealed record HealthDocument(string Status, IReadOnlyList<HealthSourceEntry> Sources);
