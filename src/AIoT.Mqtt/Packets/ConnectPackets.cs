namespace AIoT.Mqtt.Packets;

public sealed class MqttConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V311;

    public string ClientId { get; set; } = "";

    /// <summary>3.1.1 calls it clean session.</summary>
    public bool CleanStart { get; set; } = true;

    public ushort KeepAliveSeconds { get; set; } = 60;

    public string? UserName { get; set; }

    public ReadOnlyMemory<byte>? Password { get; set; }

    public MqttWill? Will { get; set; }
}

public sealed class MqttWill
{
    public string Topic { get; set; } = "";

    public ReadOnlyMemory<byte> Payload { get; set; }

    public MqttQos Qos { get; set; }

    public bool Retain { get; set; }

    public MqttProperties? Properties { get; set; }
}

public sealed class MqttConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; set; }

    public MqttReasonCode ReasonCode { get; set; }
}
