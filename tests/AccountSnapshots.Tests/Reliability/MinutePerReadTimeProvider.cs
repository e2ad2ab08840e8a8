namespace AccountSnapshots.Tests.Reliability;

/// <summary>
/// A clock that moves one minute each time it is read: given to the 3Commas request budget of hosts that drive
/// hundreds of runs a minute on purpose (the fault matrix), so every request finds an empty window. Pacing itself is
/// tested in <c>ThreeCommasClientTests</c>.
/// </summary>
internal sealed class MinutePerReadTimeProvider : TimeProvider
{
    private long _minutes;

    public override DateTimeOffset GetUtcNow() =>
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref _minutes));
}
