using System.Diagnostics.Metrics;

namespace AIoT.Gateway.Diagnostics;

/// <summary>Instrument names of the gateway, in one place.</summary>
public static class GatewayMetricNames
{
    public const string MeterName = "AIoT.Gateway";
    public const string MessagesReceived = "aiot.gateway.messages.received";
    public const string ItemsRefused = "aiot.gateway.items.refused";
    public const string CommandsSent = "aiot.gateway.commands.sent";
    public const string CommandsFailed = "aiot.gateway.commands.failed";
    public const string CommandsUnanswered = "aiot.gateway.commands.unanswered";
    public const string CommandsOversized = "aiot.gateway.commands.oversized";
    public const string DevicesConnected = "aiot.gateway.devices.connected";
    public const string OutboundDropped = "aiot.gateway.outbound.dropped";
}

/// <summary>One gateway's instruments; disposing the gateway disposes its meter.</summary>
public sealed class GatewayMetrics : IDisposable
{
    private readonly Meter _meter = new(GatewayMetricNames.MeterName);

    public GatewayMetrics(Func<int> connectedDevices)
    {
        MessagesReceived = _meter.CreateCounter<long>(GatewayMetricNames.MessagesReceived, "{message}", "Messages from devices, by topic kind");
        ItemsRefused = _meter.CreateCounter<long>(GatewayMetricNames.ItemsRefused, "{item}", "Reported properties, events and replies refused (answered on the device's error topic)");
        CommandsSent = _meter.CreateCounter<long>(GatewayMetricNames.CommandsSent, "{command}", "Set and action commands sent to devices, by kind");
        CommandsFailed = _meter.CreateCounter<long>(GatewayMetricNames.CommandsFailed, "{command}", "Commands a device answered with an error code");
        CommandsUnanswered = _meter.CreateCounter<long>(GatewayMetricNames.CommandsUnanswered, "{command}", "Commands with no reply within the command timeout");
        CommandsOversized = _meter.CreateCounter<long>(GatewayMetricNames.CommandsOversized, "{command}", "Commands larger than a small device's 256-byte packet (one value too long to split), sent whole");
        OutboundDropped = _meter.CreateCounter<long>(GatewayMetricNames.OutboundDropped, "{message}", "State and error messages dropped because the broker fell behind");
        _meter.CreateObservableUpDownCounter(GatewayMetricNames.DevicesConnected, connectedDevices, "{device}", "Devices the gateway relays commands to");
    }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> ItemsRefused { get; }

    public Counter<long> CommandsSent { get; }

    public Counter<long> CommandsFailed { get; }

    public Counter<long> CommandsUnanswered { get; }

    public Counter<long> CommandsOversized { get; }

    public Counter<long> OutboundDropped { get; }

    public void Dispose() => _meter.Dispose();
}
