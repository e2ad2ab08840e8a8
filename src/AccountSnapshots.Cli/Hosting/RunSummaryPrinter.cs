using System.Globalization;
using AccountSnapshots.Snapshots;

namespace AccountSnapshots.Cli.Hosting;

/// <summary>The short human summary of a run: one line per source, then its alerts.</summary>
internal static class RunSummaryPrinter
{
    public static void Print(TextWriter output, IReadOnlyList<SnapshotRunResult> results, string storeDescription)
    {
        foreach (var result in results)
        {
            var status = result.Status switch
            {
                SnapshotRunStatus.Succeeded => "ok",
                SnapshotRunStatus.AlreadyTaken => "exists",
                _ => "FAILED",
            };
            var detail = result.Status switch
            {
                SnapshotRunStatus.Succeeded => string.Create(CultureInfo.InvariantCulture, $"{result.Accounts} accounts, {result.Requests} requests"),
                SnapshotRunStatus.AlreadyTaken => "a snapshot of this slot was already stored; nothing changed",
                _ => $"{Api.Commands.CommandText.FailureKindName(result.Error!.Kind)}{(result.Error.HttpStatus is { } s ? $" (HTTP {s})" : "")}: {result.Error.Message}",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Source,-12} {status,-7} {result.Duration.TotalMilliseconds,7:0} ms  {detail}"));
            if (result.SnapshotPath is not null && result.Status != SnapshotRunStatus.AlreadyTaken)
            {
                output.WriteLine($"{"",-12} snapshot {result.SnapshotPath}");
            }

            foreach (var alert in result.Alerts)
            {
                var subject = alert.AccountId is not null ? $"account {alert.AccountId} ({alert.AccountName}) on {alert.Exchange}: {alert.State}" : alert.Message;
                output.WriteLine($"{"",-12} alert {alert.Kind}: {subject}");
            }
        }

        output.WriteLine($"store: {storeDescription}");
    }
}
