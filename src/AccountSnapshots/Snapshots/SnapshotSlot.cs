namespace AccountSnapshots.Snapshots;

/// <summary>
/// The moment a snapshot serves: for a timer run, the schedule occurrence (not the wall clock at completion); for a
/// manual run, its start time to the second. Always UTC, whole seconds.
/// </summary>
public readonly record struct SnapshotSlot
{
    private SnapshotSlot(DateTimeOffset at, SnapshotTrigger trigger) => (At, Trigger) = (at, trigger);

    /// <summary>The slot time (UTC, truncated to the second).</summary>
    public DateTimeOffset At { get; }

    /// <summary>What started the run.</summary>
    public SnapshotTrigger Trigger { get; }

    /// <summary>A slot for a schedule occurrence.</summary>
    public static SnapshotSlot Scheduled(DateTimeOffset occurrence) => new(Truncate(occurrence), SnapshotTrigger.Schedule);

    /// <summary>A slot for a manual run started at <paramref name="startedAt"/>.</summary>
    public static SnapshotSlot Manual(DateTimeOffset startedAt) => new(Truncate(startedAt), SnapshotTrigger.Manual);

    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override string ToString() => $"{At:yyyy-MM-ddTHH:mm:ssZ} ({Trigger})";
}

/// <summary>What started a snapshot run.</summary>
public enum SnapshotTrigger
{
    /// <summary>A schedule occurrence (timer function or the CLI's serve).</summary>
    Schedule,

    /// <summary>A person or script (the CLI's run).</summary>
    Manual,
}
