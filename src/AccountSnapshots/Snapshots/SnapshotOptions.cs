using System.ComponentModel.DataAnnotations;

namespace AccountSnapshots.Snapshots;

/// <summary>Settings of the snapshot runner (section <c>Snapshots</c>; Aggregation reads its own setting there too).</summary>
public sealed class SnapshotOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Snapshots";

    /// <summary>Longest one source may take, fetch and writes included. Default 00:05:00.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Snapshots:SourceTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan SourceTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
