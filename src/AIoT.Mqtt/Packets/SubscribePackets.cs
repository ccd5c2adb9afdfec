namespace AIoT.Mqtt.Packets;

public sealed record MqttSubscription(string Filter, MqttQos Qos, bool NoLocal = false, bool RetainAsPublished = false, byte RetainHandling = 0);

public sealed class MqttSubscribePacket : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketId { get; set; }

    public List<MqttSubscription> Subscriptions { get; set; } = [];
}

public sealed class MqttSubAckPacket : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketId { get; set; }

    public List<MqttReasonCode> ReasonCodes { get; set; } = [];
}

public sealed class MqttUnsubscribePacket : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketId { get; set; }

    public List<string> Filters { get; set; } = [];
}

public sealed class MqttUnsubAckPacket : MqttPacket, IMqttPacketWithId
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketId { get; set; }

    /// <summary>5.0 only; 3.1.1 UNSUBACK has none.</summary>
    public List<MqttReasonCode> ReasonCodes { get; set; } = [];
}
