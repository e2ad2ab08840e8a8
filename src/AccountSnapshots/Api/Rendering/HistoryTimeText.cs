namespace AccountSnapshots.Api;

/// <summary>
/// The last moment formatted by <see cref="AggregateCsvWriter.FormatUtc"/>, kept: the rows of one snapshot share their
/// <c>time</c> and <c>snapshotAt</c>, so each is formatted once per snapshot rather than once per row.
/// </summary>
internal sealed class HistoryTimeText
{
    private DateTimeOffset _value = DateTimeOffset.MinValue;
    private string? _text;

    public string Format(DateTimeOffset value)
    {
        if (_text is null || value != _value)
        {
            (_value, _text) = (value, AggregateCsvWriter.FormatUtc(value));
        }

        return _text;
    }
}
