namespace AccountSnapshots.Api;

/// <summary>What a rendering of one aggregate version depends on: the query, and which sources are served as overdue.</summary>
internal readonly record struct AggregateRenderingKey(AggregateQuery Query, string Statuses);
