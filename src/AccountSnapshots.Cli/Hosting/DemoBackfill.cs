using System.Diagnostics;
using System.Globalization;
using AccountSnapshots.Sandbox;
using AccountSnapshots.Scheduling;
using AccountSnapshots.Upstream;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>
/// Fills the demo's store with past slots: every occurrence of the product's default schedules in the window, in
/// time order, each taken through the real runner while the sandbox answers as of that slot. The store it leaves is an
/// ordinary store; a slot already stored is left as it is (the runner's create-only write).
/// </summary>
internal static class DemoBackfill
{
    // A timer fires a moment after its occurrence; the sandbox is asked as of then.
    private static readonly TimeSpan s_firingDelay = TimeSpan.FromSeconds(2);

    public static async Task<DemoBackfillSummary> RunAsync(
        IServiceProvider services, SandboxClock sandboxClock, DateTimeOffset end, TimeSpan window, TextWriter progress, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<ScheduledSnapshotRunner>();
        var slots = Occurrences(end - window, end);
        var summary = new DemoBackfillSummary(slots.Count);
        var report = new ProgressReporter(progress, slots.Count);
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var (source, slot) in slots)
            {
                sandboxClock.Pin(slot + s_firingDelay);
                var result = await runner.RunOccurrenceAsync(source, slot, cancellationToken);
                summary.Add(source, result.Status);
                report.Advance(clock.Elapsed);
            }
        }
        finally
        {
            sandboxClock.Pin(null);
            report.Finish();
        }

        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    /// <summary>Every occurrence of both default schedules in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public static List<(string Source, DateTimeOffset Slot)> Occurrences(DateTimeOffset from, DateTimeOffset to)
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = true };
        var schedules = new[]
        {
            (Source: SourceNames.Conduit, Expression: SnapshotScheduleOptions.DefaultConduitSchedule),
            (Source: SourceNames.ThreeCommas, Expression: SnapshotScheduleOptions.DefaultThreeCommasSchedule),
        };

        // GetNextOccurrences starts strictly after its start: step back one tick so a slot exactly at `from` counts.
        return [.. schedules
            .SelectMany(s => CrontabSchedule.Parse(s.Expression, options)
                .GetNextOccurrences(from.UtcDateTime.AddTicks(-1), to.UtcDateTime)
                .Select(o => (s.Source, Slot: new DateTimeOffset(DateTime.SpecifyKind(o, DateTimeKind.Utc)))))
            .OrderBy(s => s.Slot)
            .ThenBy(s => s.Source, StringComparer.Ordinal)];
    }

    /// <summary>A bar redrawn in place on a terminal; a line every tenth when the output is a file or a pipe.</summary>
    private sealed class ProgressReporter(TextWriter output, int total)
    {
        private const int Width = 30;
        private readonly bool _interactive = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
        private int _done;
        private int _lastShown = -1;

        public void Advance(TimeSpan elapsed)
        {
            _done++;
            var tenth = total == 0 ? 10 : _done * 10 / total;
            if (_interactive)
            {
                var filled = total == 0 ? Width : _done * Width / total;
                output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\rHistory [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total} slots, {elapsed.TotalSeconds:F1} s"));
            }
            else if (tenth != _lastShown)
            {
                _lastShown = tenth;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"History: {_done}/{total} slots ({tenth * 10} %), {elapsed.TotalSeconds:F1} s"));
            }
        }

        public void Finish()
        {
            if (_interactive && _done > 0)
            {
                output.WriteLine();
            }
        }
    }
}
