namespace AccountSnapshots.Sandbox;

/// <summary>
/// The sandbox's clock: the system clock, or a moment it is pinned to so the stand-ins answer "as of" that moment
/// (the demo's backfill pins it to each past slot before it takes that slot through the real runner).
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _system;
    private readonly Lock _gate = new();
    private DateTimeOffset? _pinned;

    /// <summary>A clock that follows <paramref name="system"/> (default <see cref="TimeProvider.System"/>) until pinned.</summary>
    public SandboxClock(TimeProvider? system = null) => _system = system ?? System;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _pinned ?? _system.GetUtcNow();
        }
    }

    /// <summary>Answers <paramref name="moment"/> from now on; null follows the system clock again.</summary>
    public void Pin(DateTimeOffset? moment)
    {
        lock (_gate)
        {
            _pinned = moment;
        }
    }
}
