using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>A logger provider that keeps every event with its structured fields, as Application Insights would see them.</summary>
public sealed class EventCapture : ILoggerProvider
{
    public ConcurrentQueue<CapturedEvent> Events { get; } = new();

    public IEnumerable<CapturedEvent> Named(string eventName) => Events.Where(e => e.EventId.Name == eventName);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Events);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedEvent> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            events.Enqueue(new CapturedEvent(category, eventId, logLevel, formatter(state, exception), fields, exception));
        }
    }
}
