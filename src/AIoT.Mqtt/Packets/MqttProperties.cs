namespace AIoT.Mqtt.Packets;

public readonly record struct MqttUserProperty(string Name, string Value);

/// <summary>
/// MQTT 5.0 properties (section 2.2.2). One class for every packet: each packet type allows a subset, which the
/// decoder enforces. Null means absent.
/// </summary>
public sealed class MqttProperties
{
    public byte? PayloadFormatIndicator { get; set; }

    public uint? MessageExpiryInterval { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public ReadOnlyMemory<byte>? CorrelationData { get; set; }

    /// <summary>Several in a PUBLISH sent to a client with overlapping subscriptions; one in a SUBSCRIBE.</summary>
    public List<uint>? SubscriptionIdentifiers { get; set; }

    public uint? SessionExpiryInterval { get; set; }

    public string? AssignedClientIdentifier { get; set; }

    public ushort? ServerKeepAlive { get; set; }

    public string? AuthenticationMethod { get; set; }

    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }

    public byte? RequestProblemInformation { get; set; }

    public uint? WillDelayInterval { get; set; }

    public byte? RequestResponseInformation { get; set; }

    public string? ResponseInformation { get; set; }

    public string? ServerReference { get; set; }

    public string? ReasonString { get; set; }

    public ushort? ReceiveMaximum { get; set; }

    public ushort? TopicAliasMaximum { get; set; }

    public ushort? TopicAlias { get; set; }

    public byte? MaximumQos { get; set; }

    public byte? RetainAvailable { get; set; }

    public List<MqttUserProperty>? UserProperties { get; set; }

    public uint? MaximumPacketSize { get; set; }

    public byte? WildcardSubscriptionAvailable { get; set; }

    public byte? SubscriptionIdentifiersAvailable { get; set; }

    public byte? SharedSubscriptionAvailable { get; set; }

    public MqttProperties Clone() => (MqttProperties)MemberwiseClone();
}
