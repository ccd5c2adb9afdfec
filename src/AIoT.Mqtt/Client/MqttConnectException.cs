using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Client;

/// <summary>The broker refused the connection; <see cref="ReasonCode"/> says why.</summary>
public sealed class MqttConnectException(MqttReasonCode reasonCode, string message) : Exception(message)
{
    public MqttReasonCode ReasonCode { get; } = reasonCode;
}
