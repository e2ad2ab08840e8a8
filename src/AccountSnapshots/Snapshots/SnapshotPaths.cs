using System.Globalization;

namespace AccountSnapshots.Snapshots;

/// <summary>The store layout (a contract with dashboards and tools): the same names on Blob and on disk.</summary>
public static class SnapshotPaths
{
    /// <summary>The aggregate the HTTP API serves.</summary>
    public const string Aggregate = "latest/aggregate.json";

    /// <summary><c>snapshots/{source}/{yyyy}/{MM}/{dd}/{yyyyMMddTHHmmssZ}.json</c> for one run of one source.</summary>
    public static string Snapshot(string source, DateTimeOffset slot)
    {
        var utc = slot.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"snapshots/{source}/{utc:yyyy}/{utc:MM}/{utc:dd}/{utc:yyyyMMdd'T'HHmmss'Z'}.json");
    }

    /// <summary><c>latest/{source}.json</c>: the last successful snapshot document of that source.</summary>
    public static string Latest(string source) => $"latest/{source}.json";
}
