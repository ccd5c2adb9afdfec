using System.Diagnostics.Metrics;

namespace AIoT.Mqtt.Diagnostics;

/// <summary>Instrument names of the MQTT broker, in one place.</summary>
public static class MqttMetricNames
{
    public const string MeterName = "AIoT.Mqtt";
    public const string Connections = "aiot.mqtt.connections";
    public const string MessagesReceived = "aiot.mqtt.messages.received";
    public const string MessagesSent = "aiot.mqtt.messages.sent";
    public const string MessagesDropped = "aiot.mqtt.messages.dropped";
    public const string PendingBytes = "aiot.mqtt.pending_bytes";
    public const string PublishersPaused = "aiot.mqtt.publishers.paused";
    public const string ProtocolErrors = "aiot.mqtt.protocol_errors";
    public const string Sessions = "aiot.mqtt.sessions";
    public const string Subscriptions = "aiot.mqtt.subscriptions";
    public const string TlsHandshakeFailures = "aiot.mqtt.tls.handshake_failures";
}

internal sealed class MqttMetrics : IDisposable
{
    private readonly Meter _meter = new(MqttMetricNames.MeterName);

    public MqttMetrics(Func<long> connections, Func<long> sessions, Func<long> subscriptions, Func<long> pendingBytes)
    {
        _meter.CreateObservableUpDownCounter(MqttMetricNames.Connections, connections, "{connection}", "Open client connections");
        _meter.CreateObservableUpDownCounter(MqttMetricNames.Sessions, sessions, "{session}", "Sessions held, connected or not");
        _meter.CreateObservableUpDownCounter(MqttMetricNames.Subscriptions, subscriptions, "{subscription}", "Subscriptions, each member of a shared subscription counted");
        Received = _meter.CreateCounter<long>(MqttMetricNames.MessagesReceived, "{message}", "PUBLISH packets received from clients");
        Sent = _meter.CreateCounter<long>(MqttMetricNames.MessagesSent, "{message}", "PUBLISH packets sent to clients");
        _meter.CreateObservableUpDownCounter(MqttMetricNames.PendingBytes, pendingBytes, "By", "Bytes waiting to be written to clients, all connections together");
        Dropped = _meter.CreateCounter<long>(MqttMetricNames.MessagesDropped, "{message}", "Messages dropped because a client's queue or buffer was full (QoS 0 drops carry a reason: slow_subscriber or memory_budget)");
        PublishersPaused = _meter.CreateCounter<long>(MqttMetricNames.PublishersPaused, "{pause}", "Times the broker stopped reading a publisher because a subscriber its messages went to was congested");
        ProtocolErrors = _meter.CreateCounter<long>(MqttMetricNames.ProtocolErrors, "{connection}", "Connections closed for a malformed packet or a protocol error");
        TlsHandshakeFailures = _meter.CreateCounter<long>(MqttMetricNames.TlsHandshakeFailures, "{connection}", "TLS connections closed because their handshake failed or did not finish in time");
    }

    /// <summary>This broker's meter (every broker has its own, all named <see cref="MqttMetricNames.MeterName"/>).</summary>
    public Meter Meter => _meter;

    public Counter<long> Received { get; }

    public Counter<long> Sent { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> ProtocolErrors { get; }

    public Counter<long> TlsHandshakeFailures { get; }
    public Counter<long> PublishersPaused { get; }

    public void Dispose() => _meter.Dispose();
}
