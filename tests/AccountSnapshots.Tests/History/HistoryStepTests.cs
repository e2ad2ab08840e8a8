using AccountSnapshots.History;

namespace AccountSnapshots.Tests.History;

public sealed class HistoryStepTests
{
    [Theory]
    [InlineData("1m")]
    [InlineData("59m")]
    [InlineData("1h")]
    [InlineData("24h")]
    [InlineData("1d")]
    [InlineData("31d")]
    [InlineData("1w")]
    public void Accepts_every_documented_form(string text)
    {
        Assert.True(HistoryStep.TryParse(text, out var step));
        Assert.Equal(text, step!.Text);
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("60m")]
    [InlineData("25h")]
    [InlineData("32d")]
    [InlineData("2w")]
    [InlineData("1y")]
    [InlineData("01h")]
    [InlineData("h")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_anything_else(string? text)
    {
        Assert.False(HistoryStep.TryParse(text, out _));
    }

    [Theory]
    [InlineData("15m", "2026-11-20T10:44:59Z", "2026-11-20T10:30:00Z")]
    [InlineData("1h", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z")]
    [InlineData("1d", "2026-11-20T23:59:59Z", "2026-11-20T00:00:00Z")]
    [InlineData("1w", "2026-11-22T23:00:00Z", "2026-11-16T00:00:00Z")]
    [InlineData("1w", "2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("1h", "1969-12-31T23:30:00Z", "1969-12-31T23:00:00Z")]
    public void Buckets_start_on_utc_boundaries_and_weeks_on_monday(string text, string at, string bucket)
    {
        Assert.True(HistoryStep.TryParse(text, out var step));

        Assert.Equal(DateTimeOffset.Parse(bucket, System.Globalization.CultureInfo.InvariantCulture), step!.BucketOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
