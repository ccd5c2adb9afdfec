namespace AIoT.Mqtt.Packets;

public sealed class MqttPublishPacket : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    public string Topic { get; set; } = "";

    public ReadOnlyMemory<byte> Payload { get; set; }

    public MqttQos Qos { get; set; }

    public bool Retain { get; set; }

    public bool Dup { get; set; }

    /// <summary>0 for QoS 0.</summary>
    public ushort PacketId { get; set; }
}

/// <summary>PUBACK, PUBREC, PUBREL and PUBCOMP: a packet id and, in 5.0, a reason code.</summary>
public sealed class MqttPublishAckPacket(MqttPacketType type) : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type { get; } = type is MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp
        ? type
        : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a publish acknowledgement.");

    public ushort PacketId { get; set; }

    public MqttReasonCode ReasonCode { get; set; }
}
