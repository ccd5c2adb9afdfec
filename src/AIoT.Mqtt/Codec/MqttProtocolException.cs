using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Codec;

/// <summary>Bytes that break the protocol; <see cref="ReasonCode"/> is what the spec says to answer with.</summary>
public sealed class MqttProtocolException(MqttReasonCode reasonCode, string message) : Exception(message)
{
    public MqttReasonCode ReasonCode { get; } = reasonCode;
}
