namespace AccountSnapshots.Events;

/// <summary>
/// One event of the timeline (a contract with dashboards: Grafana reads <c>time</c>, <c>timeEnd</c>, <c>title</c>,
/// <c>text</c> and <c>tags</c> as annotations). <see cref="TimeEnd"/> is null while the event is still open; a point
/// event (<c>snapshotFailed</c>) ends when it starts. The last four fields are the matching log event's dimensions.
/// </summary>
public sealed record EventRow(
    DateTimeOffset Time,
    DateTimeOffset? TimeEnd,
    string Kind,
    string Source,
    string? AccountId,
    string Title,
    string Text,
    IReadOnlyList<string> Tags,
    string? Exchange,
    string? State,
    string? ErrorKind,
    int? HttpStatus);
