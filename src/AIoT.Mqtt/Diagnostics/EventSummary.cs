using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AIoT.Mqtt.Diagnostics;

/// <summary>How one kind of event reads in a summary: "1 device went offline", "2 devices went offline".</summary>
public readonly record struct SummaryPhrase(string One, string Many);

/// <summary>
/// Counts events by kind and, once per interval, writes one Information line for the kinds that happened in it
/// ("1,998 devices went offline in the last 10 s; 2 refused device messages"): a fleet going offline reads as one
/// line, not thousands, while each event's own line goes to Debug. A quiet interval writes nothing; disposing
/// writes what the last, partial interval counted. Counting is one interlocked add, safe from any thread.
/// </summary>
/// <remarks>In AIoT.Mqtt because it references nothing of ours: the broker and the gateway both use it.</remarks>
public sealed class EventSummary : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SummaryPhrase[] _phrases;
    private readonly long[] _counts;
    private readonly ITimer _timer;
    private readonly Lock _flushGate = new();
    private long _intervalStarted;
    private bool _disposed;

    /// <param name="phrases">One per kind of event; a kind is counted by its index here.</param>
    public EventSummary(ILogger logger, TimeSpan interval, TimeProvider time, params SummaryPhrase[] phrases)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, $"A log summary interval must be positive (got {interval}).");
        }

        _logger = logger;
        _time = time;
        _phrases = phrases;
        _counts = new long[phrases.Length];
        _intervalStarted = time.GetTimestamp();
        _timer = time.CreateTimer(_ => FlushFromTimer(), null, interval, interval);
    }

    public void Count(int kind) => Interlocked.Increment(ref _counts[kind]);

    public void Count(int kind, long events) => Interlocked.Add(ref _counts[kind], events);

    /// <summary>Writes what was counted since the last line, if anything, and starts a new interval.</summary>
    public void Flush()
    {
        lock (_flushGate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_intervalStarted, now);
            _intervalStarted = now;
            StringBuilder? line = null;
            for (var kind = 0; kind < _counts.Length; kind++)
            {
                var count = Interlocked.Exchange(ref _counts[kind], 0);
                if (count == 0)
                {
                    continue;
                }

                var first = line is null;
                line ??= new StringBuilder();
                if (!first)
                {
                    line.Append("; ");
                }

                line.Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append(' ').Append(count == 1 ? _phrases[kind].One : _phrases[kind].Many);
                if (first)
                {
                    line.Append(" in the last ").Append(Describe(elapsed));
                }
            }

            if (line is not null)
            {
                _logger.LogInformation("{Summary}", line.ToString());
            }
        }
    }

    /// <summary>Stops the interval and writes what it counted so far.</summary>
    public void Dispose()
    {
        lock (_flushGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        Flush();
    }

    private void FlushFromTimer()
    {
        try
        {
            Flush();
        }
        catch (Exception)
        {
            // A failing logger must not take the process down from a timer thread; the next interval tries again.
        }
    }

    /// <summary>"10 s", "2.5 s", "300 ms".</summary>
    internal static string Describe(TimeSpan elapsed) => elapsed < TimeSpan.FromSeconds(1)
        ? $"{elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
        : $"{elapsed.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
