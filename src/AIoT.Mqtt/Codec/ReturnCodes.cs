using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Codec;

/// <summary>MQTT 3.1.1 has fewer, different codes than 5.0's reason codes; these map between them.</summary>
internal static class ReturnCodes
{
    public static byte ToConnAck311(MqttReasonCode code) => code switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.ServerUnavailable or MqttReasonCode.ServerBusy or MqttReasonCode.ServerShuttingDown => 3,
        MqttReasonCode.BadUserNameOrPassword or MqttReasonCode.BadAuthenticationMethod => 4,
        _ => 5,
    };

    public static MqttReasonCode FromConnAck311(byte code) => code switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"CONNACK return code {code} is not defined in MQTT 3.1.1."),
    };

    /// <summary>3.1.1 SUBACK: granted QoS 0–2, or 0x80 for failure.</summary>
    public static byte ToSubAck311(MqttReasonCode code) => (byte)code <= 2 ? (byte)code : (byte)0x80;
}
