using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AccountSnapshots.Telemetry;

/// <summary>
/// Instruments on the <c>AccountSnapshots</c> meter: run outcomes by source and status, run duration, and invalid
/// exchange keys per run. Names are a contract with dashboards and alert rules.
/// </summary>
internal sealed class SnapshotMetrics
{
    public const string MeterName = "AccountSnapshots";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _durationSeconds;
    private readonly Histogram<long> _invalidExchangeKeys;

    public SnapshotMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("accountsnapshots.runs", unit: "{run}", description: "Snapshot runs by source and status (succeeded, failed, alreadyTaken).");
        _durationSeconds = meter.CreateHistogram<double>("accountsnapshots.run.duration", unit: "s", description: "Wall time of one snapshot run of one source.");
        _invalidExchangeKeys = meter.CreateHistogram<long>("accountsnapshots.exchange_keys.invalid", unit: "{account}", description: "3Commas accounts whose exchange key needs attention, per run.");
    }

    public void RecordRun(string source, string status, TimeSpan duration)
    {
        var tags = new TagList { { "source", source }, { "status", status } };
        _runs.Add(1, tags);
        _durationSeconds.Record(duration.TotalSeconds, tags);
    }

    public void RecordInvalidExchangeKeys(string source, long count) =>
        _invalidExchangeKeys.Record(count, new KeyValuePair<string, object?>("source", source));
}
