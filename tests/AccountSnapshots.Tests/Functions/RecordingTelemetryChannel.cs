using System.Collections.Concurrent;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;

namespace AccountSnapshots.Tests.Functions;

/// <summary>An Application Insights channel that keeps what the SDK would have sent, after every processor ran.</summary>
internal sealed class RecordingTelemetryChannel : ITelemetryChannel
{
    public ConcurrentQueue<ITelemetry> Items { get; } = new();

    public bool? DeveloperMode { get; set; }

    public string EndpointAddress { get; set; } = string.Empty;

    public IEnumerable<TraceTelemetry> Traces => Items.OfType<TraceTelemetry>();

    /// <summary>Traces whose <c>customDimensions.EventName</c> is <paramref name="eventName"/>, as the alert queries filter.</summary>
    public IEnumerable<TraceTelemetry> Events(string eventName) =>
        Traces.Where(t => t.Properties.TryGetValue("EventName", out var name) && name == eventName);

    public void Send(ITelemetry item) => Items.Enqueue(item);

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
