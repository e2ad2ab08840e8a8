using System.Text.Json.Nodes;
using NCrontab;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The host's side of a timer trigger: resolves <c>%Name%</c> schedules from app settings (the host's name resolver),
/// parses the NCRONTAB expression and builds the TimerInfo payload the host sends (JSON of the WebJobs TimerInfo:
/// Schedule, ScheduleStatus with Last/Next/LastUpdated, IsPastDue).
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression)
    {
        Expression = expression;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        _schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    public string Expression { get; }

    public static TimerSchedule Resolve(string schedule, IReadOnlyDictionary<string, string> appSettings)
    {
        var expression = schedule;
        if (schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
        {
            var name = schedule[1..^1];
            expression = appSettings.TryGetValue(name, out var value)
                ? value
                : throw new InvalidOperationException($"The timer schedule {schedule} names app setting '{name}', which is not set (the host fails the function the same way).");
        }

        return new TimerSchedule(expression);
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>: the one a timer firing now serves.</summary>
    public DateTimeOffset LastOccurrence(DateTimeOffset now)
    {
        var end = now.UtcDateTime.AddTicks(1);
        foreach (var window in new[] { TimeSpan.FromHours(1), TimeSpan.FromDays(2), TimeSpan.FromDays(40), TimeSpan.FromDays(800) })
        {
            DateTime? latest = null;
            foreach (var occurrence in _schedule.GetNextOccurrences(end - window, end))
            {
                latest = occurrence;
            }

            if (latest is { } found)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(found, DateTimeKind.Utc));
            }
        }

        throw new InvalidOperationException($"Schedule '{Expression}' has not occurred in the 800 days before {now:O}.");
    }

    public DateTimeOffset NextOccurrence(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    /// <summary>The TimerInfo JSON the host passes for an occurrence (UseMonitor on: ScheduleStatus is filled in).</summary>
    public static string TimerInfoJson(DateTimeOffset last, DateTimeOffset next, DateTimeOffset lastUpdated, bool isPastDue) =>
        new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = last.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["Next"] = next.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["LastUpdated"] = lastUpdated.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["IsPastDue"] = isPastDue,
        }.ToJsonString();
}
