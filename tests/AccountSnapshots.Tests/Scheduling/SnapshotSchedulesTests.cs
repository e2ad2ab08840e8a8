using AccountSnapshots.Scheduling;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Scheduling;

public sealed class SnapshotSchedulesTests
{
    private static readonly DateTimeOffset At064320 = new(2026, 11, 21, 6, 43, 20, TimeSpan.Zero);

    [Fact]
    public void Uses_the_default_schedules()
    {
        var schedules = Create();

        Assert.Equal("0 */15 * * * *", schedules.GetExpression(SourceNames.Conduit));
        Assert.Equal("0 7-59/15 * * * *", schedules.GetExpression(SourceNames.ThreeCommas));
    }

    [Fact]
    public void Finds_the_next_occurrence_in_utc()
    {
        var schedules = Create();

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 45, 0, TimeSpan.Zero), schedules.GetNextOccurrence(SourceNames.Conduit, At064320));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 52, 0, TimeSpan.Zero), schedules.GetNextOccurrence(SourceNames.ThreeCommas, At064320));
        var fromOffset = schedules.GetNextOccurrence(SourceNames.Conduit, new DateTimeOffset(2026, 11, 21, 8, 43, 20, TimeSpan.FromHours(2)));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 45, 0, TimeSpan.Zero), fromOffset);
        Assert.Equal(TimeSpan.Zero, fromOffset.Offset);
    }

    [Fact]
    public void The_next_occurrence_is_strictly_after_the_given_time()
    {
        var schedules = Create();

        Assert.Equal(
            new DateTimeOffset(2026, 11, 21, 7, 0, 0, TimeSpan.Zero),
            schedules.GetNextOccurrence(SourceNames.Conduit, new DateTimeOffset(2026, 11, 21, 6, 45, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("conduit", "2026-11-21T06:45:00Z", "2026-11-21T06:45:00Z")]
    [InlineData("conduit", "2026-11-21T06:45:00.9Z", "2026-11-21T06:45:00Z")]
    [InlineData("conduit", "2026-11-21T06:44:59.999Z", "2026-11-21T06:30:00Z")]
    [InlineData("threecommas", "2026-11-21T06:43:20Z", "2026-11-21T06:37:00Z")]
    [InlineData("threecommas", "2026-11-21T07:05:00+01:00", "2026-11-21T05:52:00Z")]
    public void Finds_the_occurrence_a_timer_run_serves(string source, string atOrBefore, string expected)
    {
        var schedules = Create();

        var latest = schedules.GetLatestOccurrence(source, Parse(atOrBefore));

        Assert.Equal(Parse(expected), latest);
        Assert.Equal(TimeSpan.Zero, latest!.Value.Offset);
    }

    [Fact]
    public void Searches_back_years_for_a_sparse_schedule()
    {
        var schedules = Create(conduit: "0 0 0 29 2 *");

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), schedules.GetLatestOccurrence(SourceNames.Conduit, At064320));
    }

    [Theory]
    [InlineData("0 */15 * * * *", 15 * 60)]
    [InlineData("0 7-59/15 * * * *", 15 * 60)]
    [InlineData("*/30 * * * * *", 30)]
    [InlineData("0 0 9 * * 1-5", 3 * 24 * 3600)]
    public void Reports_the_longest_regular_gap_as_the_interval(string expression, int seconds)
    {
        var schedules = Create(conduit: expression);

        Assert.Equal(TimeSpan.FromSeconds(seconds), schedules.GetInterval(SourceNames.Conduit));
    }

    [Fact]
    public void Rejects_an_unknown_source()
    {
        var schedules = Create();

        var error = Assert.Throws<ArgumentException>(() => schedules.GetInterval("binance"));
        Assert.Contains("binance", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => schedules.GetNextOccurrence("Conduit", At064320));
        Assert.Throws<ArgumentException>(() => schedules.GetLatestOccurrence("", At064320));
        Assert.Throws<ArgumentException>(() => schedules.GetExpression("x"));
    }

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static SnapshotSchedules Create(string conduit = SnapshotScheduleOptions.DefaultConduitSchedule) =>
        new(Options.Create(new SnapshotScheduleOptions { ConduitSnapshotSchedule = conduit }));
}
