using AccountSnapshots.Scheduling;
using AccountSnapshots.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountSnapshots.Tests.Scheduling;

public sealed class SnapshotScheduleOptionsValidatorTests
{
    [Fact]
    public void Accepts_the_defaults()
    {
        var result = new SnapshotScheduleOptionsValidator().Validate(null, new SnapshotScheduleOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("not a schedule")]
    [InlineData("")]
    [InlineData("0 61 * * * *")]
    public void Names_the_setting_and_the_expected_form(string expression)
    {
        var result = new SnapshotScheduleOptionsValidator().Validate(null, new SnapshotScheduleOptions { ThreeCommasSnapshotSchedule = expression });

        Assert.True(result.Failed);
        Assert.Equal(
            $"ThreeCommasSnapshotSchedule \"{expression}\" is not a six-field NCRONTAB expression (second minute hour day month day-of-week), e.g. \"0 */15 * * * *\"",
            Assert.Single(result.Failures!));
    }

    [Fact]
    public async Task Stops_the_host_at_start_with_the_message()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0"] = ApiTestHost.Key, ["ConduitSnapshotSchedule"] = "*/5 * * * *" };
        await using var app = ApiTestHost.Build(settings, TestStores.Create(), new FakeTimeProvider(ApiTestHost.DefaultNow), kestrel: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(
            "ConduitSnapshotSchedule \"*/5 * * * *\" is not a six-field NCRONTAB expression (second minute hour day month day-of-week), e.g. \"0 */15 * * * *\"",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binds_the_schedules_from_the_configuration_root()
    {
        var settings = new Dictionary<string, string?> { ["ConduitSnapshotSchedule"] = "0 */5 * * * *", ["ThreeCommasSnapshotSchedule"] = "30 */5 * * * *" };
        await using var app = ApiTestHost.Build(settings, TestStores.Create(), new FakeTimeProvider(ApiTestHost.DefaultNow), kestrel: false);

        var schedules = app.Services.GetRequiredService<SnapshotSchedules>();

        Assert.Equal("0 */5 * * * *", schedules.GetExpression("conduit"));
        Assert.Equal(TimeSpan.FromMinutes(5), schedules.GetInterval("threecommas"));
    }
}
