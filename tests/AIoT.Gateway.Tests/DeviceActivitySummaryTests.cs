using AIoT.Gateway.Diagnostics;
using AIoT.Gateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Gateway.Tests;

/// <summary>A fleet's comings and goings read as one Information line per interval, never one per device, and no count is lost.</summary>
public sealed class DeviceActivitySummaryTests
{
    private static readonly TimeSpan Interval = GatewayOptions.DefaultLogSummaryInterval;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CapturingLoggerProvider _logs = new();

    private DeviceActivitySummary Start() => new(_logs.CreateLogger("gateway"), Interval, _time);

    [Fact]
    public void A_fleet_going_offline_reads_as_one_information_line_once_the_interval_has_passed()
    {
        using var summary = Start();
        for (var i = 0; i < 1998; i++)
        {
            summary.WentOffline();
        }

        summary.MessageRefused();
        summary.MessageRefused();
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_logs.Lines);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("1,998 devices went offline in the last 10 s; 2 refused device messages", line.Message);
    }

    [Fact]
    public void Every_kind_reads_in_its_own_words_and_a_quiet_interval_writes_nothing()
    {
        using var summary = Start();
        summary.WentOnline();
        summary.CommandRefused();
        summary.CommandUnanswered();
        summary.CommandUnanswered();
        summary.TwinSetRefused();
        _time.Advance(Interval);
        _time.Advance(Interval);

        Assert.Equal(
            ["1 device went online in the last 10 s; 1 command refused by its device; 2 commands unanswered; 1 refused twin/set item"],
            _logs.Lines.Select(l => l.Message));
    }

    [Fact]
    public void Stopping_writes_what_the_last_partial_interval_counted()
    {
        var summary = Start();
        summary.WentOffline();
        _time.Advance(TimeSpan.FromSeconds(2.5));

        summary.Dispose();

        Assert.Equal(["1 device went offline in the last 2.5 s"], _logs.Lines.Select(l => l.Message));
    }
}
