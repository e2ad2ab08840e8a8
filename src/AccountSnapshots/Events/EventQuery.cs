namespace AccountSnapshots.Events;

/// <summary>An events query: events overlapping [<see cref="From"/>, <see cref="To"/>), filtered by source and kind.</summary>
public sealed record EventQuery
{
    /// <summary>Start (inclusive, UTC).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End (exclusive, UTC).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Sources to include; empty means every source.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Kinds to include (<see cref="EventKinds"/>); empty means every kind.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];
}
