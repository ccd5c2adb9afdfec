using System.Collections.Concurrent;
using AIoT.Mqtt.Broker;
using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// The broker's log as the fuzz oracle reads it: protocol errors are logged at Debug (expected, thousands of them,
/// summed at Information once per interval); a warning or worse means the broker met something it did not handle (an unexpected exception in a
/// connection, the event loop, or closing a transport).
/// </summary>
internal sealed class BrokerLog : ILogger<MqttBroker>
{
    private readonly ConcurrentQueue<string> _problems = new();
    private long _notices;

    /// <summary>Debug and Information entries: refused packets, closed connections, their summaries.</summary>
    public long Notices => Interlocked.Read(ref _notices);

    /// <summary>The warnings and errors logged since the last call.</summary>
    public List<string> TakeProblems()
    {
        var taken = new List<string>();
        while (_problems.TryDequeue(out var problem))
        {
            taken.Add(problem);
        }

        return taken;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            _problems.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $"\n{exception}")}");
        }
        else if (logLevel is LogLevel.Debug or LogLevel.Information)
        {
            Interlocked.Increment(ref _notices);
        }
    }
}
