using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Secrets;

/// <summary>Keeps every formatted log line (and its exception) so a test can check no secret leaked into logs.</summary>
public sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = lines;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(Lines);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{eventId.Name}: {formatter(state, exception)} {exception}");
    }
}
