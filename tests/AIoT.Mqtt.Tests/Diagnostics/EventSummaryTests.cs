using AIoT.Mqtt.Diagnostics;
using AIoT.Mqtt.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Mqtt.Tests.Diagnostics;

/// <summary>An operator reads one line per interval for a fleet's events, never one per device, and loses no count.</summary>
public sealed class EventSummaryTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int WentOffline = 0;
    private const int Refused = 1;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CapturingLogger<EventSummaryTests> _log = new();

    private EventSummary Start() =>
        new(_log, Interval, _time, new SummaryPhrase("device went offline", "devices went offline"), new SummaryPhrase("refused device message", "refused device messages"));

    [Fact]
    public void Events_of_one_interval_read_as_one_information_line_with_their_counts()
    {
        using var summary = Start();
        for (var i = 0; i < 1998; i++)
        {
            summary.Count(WentOffline);
        }

        summary.Count(Refused, 2);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_log.Lines);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("1,998 devices went offline in the last 10 s; 2 refused device messages", line.Message);
    }

    [Fact]
    public void A_quiet_interval_writes_nothing_and_a_single_event_reads_in_the_singular()
    {
        using var summary = Start();
        _time.Advance(Interval);
        Assert.Empty(_log.Lines);

        summary.Count(Refused);
        _time.Advance(Interval);
        _time.Advance(Interval);

        Assert.Equal(["1 refused device message in the last 10 s"], _log.Lines.Select(l => l.Message));
    }

    [Fact]
    public void Disposing_writes_what_the_last_partial_interval_counted()
    {
        var summary = Start();
        summary.Count(WentOffline, 3);
        _time.Advance(Interval);
        summary.Count(WentOffline, 2_500);
        _time.Advance(TimeSpan.FromSeconds(4));

        summary.Dispose();
        summary.Dispose();
        _time.Advance(Interval);

        Assert.Equal(["3 devices went offline in the last 10 s", "2,500 devices went offline in the last 4 s"], _log.Lines.Select(l => l.Message));
    }

    [Fact]
    public void Events_counted_on_many_threads_at_once_are_all_counted()
    {
        using var summary = Start();
        using var together = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            together.SignalAndWait();
            for (var i = 0; i < 1_000_000; i++)
            {
                summary.Count(WentOffline);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        _time.Advance(Interval);

        Assert.Equal("4,000,000 devices went offline in the last 10 s", Assert.Single(_log.Lines).Message);
    }

    [Fact]
    public void A_summary_interval_that_is_not_positive_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EventSummary(_log, TimeSpan.Zero, _time, new SummaryPhrase("x", "xs")));
        Assert.Contains("log summary interval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300, "300 ms")]
    [InlineData(2_500, "2.5 s")]
    [InlineData(60_000, "60 s")]
    public void Intervals_read_in_seconds_or_below_one_in_milliseconds(int milliseconds, string expected) =>
        Assert.Equal(expected, EventSummary.Describe(TimeSpan.FromMilliseconds(milliseconds)));
}
