using Microsoft.Extensions.Logging;

namespace AIoT.Benchmarks.Hosting;

/// <summary>The hosts' warnings and errors, counted by category and event (first message kept) rather than printed.</summary>
internal sealed class LogCounter : ILoggerProvider
{
    public static readonly LogCounter Instance = new();
    private readonly Dictionary<string, (int Count, string First)> _counts = new();
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Counting(this, categoryName);

    /// <summary>The six most frequent entries since the last call, then forgets them.</summary>
    public string TakeSummary()
    {
        lock (_gate)
        {
            var text = _counts.Count == 0 ? "nothing" : string.Join("; ", _counts.OrderByDescending(c => c.Value.Count).Take(6).Select(c => $"{c.Value.Count} × {c.Key}: {c.Value.First}"));
            _counts.Clear();
            return text;
        }
    }

    public void Dispose()
    {
    }

    private sealed class Counting(LogCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var key = $"{logLevel} {category}[{eventId.Id}]";
            lock (owner._gate)
            {
                owner._counts[key] = owner._counts.TryGetValue(key, out var c)
                    ? (c.Count + 1, c.First)
                    : (1, Truncate(formatter(state, exception)) + (exception is null ? "" : $" ({exception.GetType().Name}: {Truncate(exception.Message)})"));
            }
        }

        private static string Truncate(string text) => text.Length > 160 ? text[..160] + "…" : text.ReplaceLineEndings(" ");
    }
}
