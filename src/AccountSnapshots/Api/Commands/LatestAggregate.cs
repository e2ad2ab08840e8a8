using AccountSnapshots.Aggregation;

namespace AccountSnapshots.Api.Commands;

/// <summary>An aggregate as a command prints it: its JSON bytes, the parsed document, and where it was read from.</summary>
/// <param name="Json">The document's bytes (as stored, or as the route would answer for a past moment).</param>
/// <param name="Document">The parsed document.</param>
/// <param name="StoreDescription">The store it came from; null when nothing is stored yet (an empty aggregate).</param>
public sealed record LatestAggregate(ReadOnlyMemory<byte> Json, AggregateDocument Document, string? StoreDescription);
