using AIoT.Mqtt.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Diagnostics;

/// <summary>
/// What the devices did, summed per interval into one Information line ("1,998 devices went offline in the last
/// 10 s; 2 refused device messages"); each device's own line is at Debug.
/// </summary>
public sealed class DeviceActivitySummary(ILogger logger, TimeSpan interval, TimeProvider time) : IDisposable
{
    private enum Kind
    {
        WentOnline,
        WentOffline,
        MessageRefused,
        CommandRefused,
        CommandUnanswered,
        TwinSetRefused,
    }

    private static readonly SummaryPhrase[] Phrases =
    [
        new("device went online", "devices went online"),
        new("device went offline", "devices went offline"),
        new("refused device message", "refused device messages"),
        new("command refused by its device", "commands refused by their devices"),
        new("command unanswered", "commands unanswered"),
        new("refused twin/set item", "refused twin/set items"),
    ];

    private readonly EventSummary _summary = new(logger, interval, time, Phrases);

    public void WentOnline() => _summary.Count((int)Kind.WentOnline);

    public void WentOffline() => _summary.Count((int)Kind.WentOffline);

    /// <summary>A report, event, status or reply the gateway refused (answered on the device's error topic).</summary>
    public void MessageRefused() => _summary.Count((int)Kind.MessageRefused);

    /// <summary>A set or action the device answered with an error code.</summary>
    public void CommandRefused() => _summary.Count((int)Kind.CommandRefused);

    /// <summary>A set or action with no reply within the command timeout.</summary>
    public void CommandUnanswered() => _summary.Count((int)Kind.CommandUnanswered);

    /// <summary>A property of a twin/set (Home Assistant, any tool) the twin refused.</summary>
    public void TwinSetRefused() => _summary.Count((int)Kind.TwinSetRefused);

    public void Dispose() => _summary.Dispose();
}
