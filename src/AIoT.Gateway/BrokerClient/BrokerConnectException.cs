using AIoT.Mqtt.Packets;

namespace AIoT.Gateway.BrokerClient;

/// <summary>The broker could not be reached (<see cref="ReasonCode"/> null) or refused the connection (its reason code).</summary>
public sealed class BrokerConnectException(MqttReasonCode? reasonCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public MqttReasonCode? ReasonCode { get; } = reasonCode;
}
