using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Tests.Support;

/// <summary>Keeps every log line (level and message), for tests that check what the broker tells its operator.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception), exception));
}
