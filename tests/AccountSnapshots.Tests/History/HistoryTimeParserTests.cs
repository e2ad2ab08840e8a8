using AccountSnapshots.History;

namespace AccountSnapshots.Tests.History;

public sealed class HistoryTimeParserTests
{
    private static readonly DateTimeOffset Expected = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T10:00Z")]
    [InlineData("2026-11-20T10:00:00.000z")]
    [InlineData("2026-11-20T11:00:00+01:00")]
    [InlineData("2026-11-20T05:00:00-05:00")]
    [InlineData("1795168800")]
    [InlineData("1795168800000")]
    public void Reads_iso_with_a_zone_epoch_seconds_and_epoch_milliseconds_as_utc(string text)
    {
        Assert.True(HistoryTimeParser.TryParse(text, out var value));
        Assert.Equal(Expected, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00")]
    [InlineData("2026-11-20")]
    [InlineData("20 Nov 2026 10:00 GMT")]
    [InlineData("-1795168800")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_forms_without_a_zone_and_anything_else(string? text)
    {
        Assert.False(HistoryTimeParser.TryParse(text, out _));
    }

    [Fact]
    public void Integers_below_1e11_are_seconds_and_from_1e11_milliseconds()
    {
        Assert.True(HistoryTimeParser.TryParse("99999999999", out var seconds));
        Assert.True(HistoryTimeParser.TryParse("100000000000", out var milliseconds));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(99_999_999_999), seconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(100_000_000_000), milliseconds);
    }
}
