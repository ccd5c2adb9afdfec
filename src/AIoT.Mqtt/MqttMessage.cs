using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt;

/// <summary>An application message: what the broker routes (one instance shared by every subscriber it reaches) and what the gateway sends and receives.</summary>
public sealed class MqttMessage
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQos Qos { get; init; }

    public bool Retain { get; init; }

    /// <summary>5.0 properties forwarded to subscribers (response topic, correlation data, user properties, ...).</summary>
    public MqttProperties? Properties { get; init; }

    /// <summary>The publishing client, for no-local; null for messages from the host.</summary>
    public string? SenderClientId { get; init; }

    /// <summary>When the message stops being worth delivering (5.0 message expiry).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public static MqttMessage FromPublish(MqttPublishPacket packet, string? sender, DateTimeOffset now) => new()
    {
        Topic = packet.Topic,
        Payload = packet.Payload,
        Qos = packet.Qos,
        Retain = packet.Retain,
        Properties = packet.Properties,
        SenderClientId = sender,
        ExpiresAt = packet.Properties?.MessageExpiryInterval is { } seconds ? now.AddSeconds(seconds) : null,
    };
}
