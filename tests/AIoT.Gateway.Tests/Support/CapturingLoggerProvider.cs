using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Tests.Support;

/// <summary>One logged line as an operator would read it: who wrote it, at which level, what it says.</summary>
internal sealed record LoggedLine(string Category, LogLevel Level, string Message);

/// <summary>Keeps every line of every logger it makes, at every level, for tests that check what the host tells its operator.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LoggedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LoggedLine(category, logLevel, formatter(state, exception)));
    }
}
