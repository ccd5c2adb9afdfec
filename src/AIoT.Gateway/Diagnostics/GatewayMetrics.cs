using System.Diagnostics.Metrics;

namespace AIoT.Gateway.Diagnostics;

/// <summary>The gateway's instruments; names kept here, in one place.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "AIoT.Gateway";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>("aiot.gateway.messages.received", description: "Messages from devices, by topic kind.");

    public static readonly Counter<long> ItemsRefused = Meter.CreateCounter<long>("aiot.gateway.items.refused", description: "Reported properties, events and replies refused (answered on the device's error topic).");

    public static readonly Counter<long> CommandsSent = Meter.CreateCounter<long>("aiot.gateway.commands.sent", description: "Set and action commands sent to devices.");

    public static readonly Counter<long> CommandsFailed = Meter.CreateCounter<long>("aiot.gateway.commands.failed", description: "Commands a device answered with an error code.");

    public static readonly Counter<long> CommandsUnanswered = Meter.CreateCounter<long>("aiot.gateway.commands.unanswered", description: "Commands with no reply within the command timeout.");

    private GatewayMetrics()
    {
    }

    public static void ObserveConnectedDevices(Func<int> count) =>
        Meter.CreateObservableGauge("aiot.gateway.devices.connected", count, description: "Devices the gateway relays commands to.");
}
