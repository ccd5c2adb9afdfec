using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Codec;

/// <summary>MQTT 5.0 property identifiers (section 2.2.2.2) and where each may appear.</summary>
internal static class PropertyIds
{
    public const byte PayloadFormatIndicator = 1;
    public const byte MessageExpiryInterval = 2;
    public const byte ContentType = 3;
    public const byte ResponseTopic = 8;
    public const byte CorrelationData = 9;
    public const byte SubscriptionIdentifier = 11;
    public const byte SessionExpiryInterval = 17;
    public const byte AssignedClientIdentifier = 18;
    public const byte ServerKeepAlive = 19;
    public const byte AuthenticationMethod = 21;
    public const byte AuthenticationData = 22;
    public const byte RequestProblemInformation = 23;
    public const byte WillDelayInterval = 24;
    public const byte RequestResponseInformation = 25;
    public const byte ResponseInformation = 26;
    public const byte ServerReference = 28;
    public const byte ReasonString = 31;
    public const byte ReceiveMaximum = 33;
    public const byte TopicAliasMaximum = 34;
    public const byte TopicAlias = 35;
    public const byte MaximumQos = 36;
    public const byte RetainAvailable = 37;
    public const byte UserProperty = 38;
    public const byte MaximumPacketSize = 39;
    public const byte WildcardSubscriptionAvailable = 40;
    public const byte SubscriptionIdentifierAvailable = 41;
    public const byte SharedSubscriptionAvailable = 42;

    /// <summary>The will's properties are read in CONNECT but follow PUBLISH-like rules; 0 stands for them.</summary>
    public const MqttPacketType Will = 0;

    /// <summary>
    /// User properties may repeat anywhere; subscription identifiers only in a PUBLISH (one per matching subscription,
    /// 3.3.4), never in a SUBSCRIBE (3.8.2.1.2). Every other property appears at most once (a Protocol Error otherwise).
    /// </summary>
    public static bool MayRepeat(byte id, MqttPacketType context) =>
        id == UserProperty || (id == SubscriptionIdentifier && context == MqttPacketType.Publish);

    public static bool IsAllowed(byte id, MqttPacketType context) => id switch
    {
        PayloadFormatIndicator or MessageExpiryInterval or ContentType or ResponseTopic or CorrelationData =>
            context is MqttPacketType.Publish or Will,
        SubscriptionIdentifier => context is MqttPacketType.Publish or MqttPacketType.Subscribe,
        SessionExpiryInterval => context is MqttPacketType.Connect or MqttPacketType.ConnAck or MqttPacketType.Disconnect,
        AssignedClientIdentifier or ServerKeepAlive or ResponseInformation or MaximumQos or RetainAvailable
            or WildcardSubscriptionAvailable or SubscriptionIdentifierAvailable or SharedSubscriptionAvailable => context == MqttPacketType.ConnAck,
        AuthenticationMethod or AuthenticationData => context is MqttPacketType.Connect or MqttPacketType.ConnAck or MqttPacketType.Auth,
        RequestProblemInformation or RequestResponseInformation => context == MqttPacketType.Connect,
        WillDelayInterval => context == Will,
        ServerReference => context is MqttPacketType.ConnAck or MqttPacketType.Disconnect,
        ReasonString => context is MqttPacketType.ConnAck or MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel
            or MqttPacketType.PubComp or MqttPacketType.SubAck or MqttPacketType.UnsubAck or MqttPacketType.Disconnect or MqttPacketType.Auth,
        ReceiveMaximum or TopicAliasMaximum or MaximumPacketSize => context is MqttPacketType.Connect or MqttPacketType.ConnAck,
        TopicAlias => context == MqttPacketType.Publish,
        UserProperty => true,
        _ => false,
    };
}
