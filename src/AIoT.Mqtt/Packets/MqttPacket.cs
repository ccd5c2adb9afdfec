namespace AIoT.Mqtt.Packets;

/// <summary>A control packet as plain data; <see cref="Codec.MqttPacketReader"/> and <see cref="Codec.MqttPacketWriter"/> turn them into bytes.</summary>
public abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }

    /// <summary>5.0 properties; null for 3.1.1 or when the packet has none.</summary>
    public MqttProperties? Properties { get; set; }
}

/// <summary>Packets that carry a packet identifier.</summary>
public interface IMqttPacketWithId
{
    ushort PacketId { get; }
}
