namespace AIoT.Mqtt.Packets;

/// <summary>Which reason codes a server's DISCONNECT may carry (5.0, 3.14.2.1), and the nearest one for any other code.</summary>
internal static class DisconnectReasons
{
    /// <summary>
    /// The code to put in a DISCONNECT the broker sends. Codes that belong to CONNACK or to acknowledgements only are
    /// replaced: a client that checks reason codes would take a DISCONNECT with, say, 0x84 as a malformed packet.
    /// </summary>
    public static MqttReasonCode ForServer(MqttReasonCode reason) => reason switch
    {
        MqttReasonCode.Success
            or MqttReasonCode.UnspecifiedError
            or MqttReasonCode.MalformedPacket
            or MqttReasonCode.ProtocolError
            or MqttReasonCode.ImplementationSpecificError
            or MqttReasonCode.NotAuthorized
            or MqttReasonCode.ServerBusy
            or MqttReasonCode.ServerShuttingDown
            or MqttReasonCode.KeepAliveTimeout
            or MqttReasonCode.SessionTakenOver
            or MqttReasonCode.TopicFilterInvalid
            or MqttReasonCode.TopicNameInvalid
            or MqttReasonCode.ReceiveMaximumExceeded
            or MqttReasonCode.TopicAliasInvalid
            or MqttReasonCode.PacketTooLarge
            or MqttReasonCode.MessageRateTooHigh
            or MqttReasonCode.QuotaExceeded
            or MqttReasonCode.AdministrativeAction
            or MqttReasonCode.PayloadFormatInvalid
            or MqttReasonCode.RetainNotSupported
            or MqttReasonCode.QosNotSupported
            or MqttReasonCode.UseAnotherServer
            or MqttReasonCode.ServerMoved
            or MqttReasonCode.SharedSubscriptionsNotSupported
            or MqttReasonCode.ConnectionRateExceeded
            or MqttReasonCode.MaximumConnectTime
            or MqttReasonCode.SubscriptionIdentifiersNotSupported
            or MqttReasonCode.WildcardSubscriptionsNotSupported => reason,

        // A second CONNECT (whatever its level), an AUTH where no authentication method was agreed (4.12), a packet
        // identifier misused: all are packets the client should not have sent at that point.
        MqttReasonCode.UnsupportedProtocolVersion
            or MqttReasonCode.BadAuthenticationMethod
            or MqttReasonCode.ContinueAuthentication
            or MqttReasonCode.ReAuthenticate
            or MqttReasonCode.PacketIdentifierInUse
            or MqttReasonCode.PacketIdentifierNotFound => MqttReasonCode.ProtocolError,
        MqttReasonCode.BadUserNameOrPassword or MqttReasonCode.Banned => MqttReasonCode.NotAuthorized,
        MqttReasonCode.ServerUnavailable => MqttReasonCode.ServerBusy,

        // 0x04 is the client's to send; the rest (granted QoS, no subscription existed, client identifier not valid) never end a connection.
        _ => MqttReasonCode.UnspecifiedError,
    };
}
