namespace AccountSnapshots.Scheduling;

/// <summary>
/// When each source is snapshotted: six-field NCRONTAB expressions (second minute hour day month day-of-week), UTC.
/// Bound from the configuration root because the Functions timer triggers read the same app settings
/// (<c>%ConduitSnapshotSchedule%</c>).
/// </summary>
public sealed class SnapshotScheduleOptions
{
    /// <summary>Default for <see cref="ConduitSnapshotSchedule"/>: every 15 minutes on the quarter hour.</summary>
    public const string DefaultConduitSchedule = "0 */15 * * * *";

    /// <summary>Default for <see cref="ThreeCommasSnapshotSchedule"/>: every 15 minutes, 7 minutes after Conduit's.</summary>
    public const string DefaultThreeCommasSchedule = "0 7-59/15 * * * *";

    /// <summary>Conduit schedule; default <c>0 */15 * * * *</c>.</summary>
    public string ConduitSnapshotSchedule { get; set; } = DefaultConduitSchedule;

    /// <summary>3Commas schedule; default <c>0 7-59/15 * * * *</c> (offset so the two runs don't start together).</summary>
    public string ThreeCommasSnapshotSchedule { get; set; } = DefaultThreeCommasSchedule;
}
