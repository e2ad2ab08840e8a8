using Microsoft.Extensions.Options;
using NCrontab;

namespace AccountSnapshots.Scheduling;

/// <summary>Rejects schedules NCRONTAB cannot parse as six fields, naming the setting and the expected form.</summary>
internal sealed class SnapshotScheduleOptionsValidator : IValidateOptions<SnapshotScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, SnapshotScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        Check(nameof(SnapshotScheduleOptions.ConduitSnapshotSchedule), options.ConduitSnapshotSchedule, ref failures);
        Check(nameof(SnapshotScheduleOptions.ThreeCommasSnapshotSchedule), options.ThreeCommasSnapshotSchedule, ref failures);
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses one expression; the message is the one operators see when the app refuses to start.</summary>
    internal static CrontabSchedule Parse(string setting, string? expression)
    {
        var schedule = expression is null ? null : CrontabSchedule.TryParse(expression.Trim(), ParseOptions);
        return schedule ?? throw new FormatException(Describe(setting, expression));
    }

    internal static CrontabSchedule.ParseOptions ParseOptions { get; } = new() { IncludingSeconds = true };

    private static void Check(string setting, string? expression, ref List<string>? failures)
    {
        if (expression is null || CrontabSchedule.TryParse(expression.Trim(), ParseOptions) is null)
        {
            (failures ??= []).Add(Describe(setting, expression));
        }
    }

    private static string Describe(string setting, string? expression) =>
        $"{setting} \"{expression}\" is not a six-field NCRONTAB expression (second minute hour day month day-of-week), e.g. \"{SnapshotScheduleOptions.DefaultConduitSchedule}\"";
}
