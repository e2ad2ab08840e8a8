using System.Globalization;

namespace AccountSnapshots.History;

/// <summary>
/// A bucket width: <c>1m</c>…<c>59m</c>, <c>1h</c>…<c>24h</c>, <c>1d</c>…<c>31d</c> or <c>1w</c>. Buckets are
/// aligned to the Unix epoch in UTC (so <c>1h</c> starts on the hour and <c>1d</c> at midnight UTC); <c>1w</c> starts on
/// Monday 00:00 UTC.
/// </summary>
public sealed record HistoryStep
{
    private static readonly DateTimeOffset s_epoch = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset s_firstMonday = new(1970, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private HistoryStep(string text, TimeSpan length, DateTimeOffset origin) => (Text, Length, Origin) = (text, length, origin);

    /// <summary>The step as given, normalised (e.g. <c>15m</c>).</summary>
    public string Text { get; }

    /// <summary>The bucket width.</summary>
    public TimeSpan Length { get; }

    private DateTimeOffset Origin { get; }

    /// <summary>The allowed forms, for error messages.</summary>
    public const string AllowedForms = "1m to 59m, 1h to 24h, 1d to 31d, or 1w";

    /// <summary>Parses a step; false when the text is not one of the allowed forms.</summary>
    public static bool TryParse(string? text, out HistoryStep? step)
    {
        step = null;
        if (string.IsNullOrEmpty(text) || text.Length > 3 || text[0] == '0')
        {
            return false;
        }

        var unit = text[^1];
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return false;
        }

        (TimeSpan Length, DateTimeOffset Origin)? parsed = unit switch
        {
            'm' when count <= 59 => (TimeSpan.FromMinutes(count), s_epoch),
            'h' when count <= 24 => (TimeSpan.FromHours(count), s_epoch),
            'd' when count <= 31 => (TimeSpan.FromDays(count), s_epoch),
            'w' when count == 1 => (TimeSpan.FromDays(7), s_firstMonday),
            _ => null,
        };
        if (parsed is not { } p)
        {
            return false;
        }

        step = new HistoryStep(string.Create(CultureInfo.InvariantCulture, $"{count}{unit}"), p.Length, p.Origin);
        return true;
    }

    /// <summary>The start of the bucket holding <paramref name="at"/>.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset at)
    {
        var ticks = (at.UtcTicks - Origin.UtcTicks) / Length.Ticks * Length.Ticks;
        if (at.UtcTicks < Origin.UtcTicks && (at.UtcTicks - Origin.UtcTicks) % Length.Ticks != 0)
        {
            ticks -= Length.Ticks;
        }

        return new DateTimeOffset(Origin.UtcTicks + ticks, TimeSpan.Zero);
    }
}
