using System.Globalization;

namespace AccountSnapshots.History;

/// <summary>
/// The history index layout (derived data, rebuildable from <c>snapshots/</c>): the same names on Blob and on disk.
/// <c>history/{source}/{yyyy}/{MM}/{dd}/totals.json</c> holds every slot's totals of that UTC day;
/// <c>history/{source}/{yyyy}/{MM}/{dd}/accounts.json</c> holds every slot's per-account amounts as changes from the
/// slot before. Both list failed slots too, so a day whose listing of <c>snapshots/</c> names a slot the index lacks is
/// known to be behind.
/// </summary>
public static class HistoryPaths
{
    /// <summary>Prefix of the whole index.</summary>
    public const string Root = "history/";

    /// <summary><c>history/{source}/{yyyy}/{MM}/{dd}/totals.json</c>.</summary>
    public static string Totals(string source, DateOnly day) => DayFolder(source, day) + "totals.json";

    /// <summary><c>history/{source}/{yyyy}/{MM}/{dd}/accounts.json</c>.</summary>
    public static string Accounts(string source, DateOnly day) => DayFolder(source, day) + "accounts.json";

    /// <summary>The folder of one source's snapshots of one day: <c>snapshots/{source}/{yyyy}/{MM}/{dd}/</c>.</summary>
    public static string SnapshotDay(string source, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"snapshots/{source}/{day:yyyy}/{day:MM}/{day:dd}/");

    /// <summary>The slot a snapshot path names (<c>…/{yyyyMMddTHHmmssZ}.json</c>); null for any other name.</summary>
    public static DateTimeOffset? SlotOf(string snapshotPath)
    {
        ArgumentNullException.ThrowIfNull(snapshotPath);
        var name = snapshotPath[(snapshotPath.LastIndexOf('/') + 1)..];
        return name.EndsWith(".json", StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(name[..^5], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }

    /// <summary>The UTC day of a moment.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static string DayFolder(string source, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"history/{source}/{day:yyyy}/{day:MM}/{day:dd}/");
}
