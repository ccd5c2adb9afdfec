namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// A packet kept in pieces so that mutations can reach its property section: the variable header before the
/// properties, the properties themselves (null where the packet has none: 3.1.1, PINGREQ, short acks) and the rest.
/// </summary>
internal sealed record PacketParts(PacketKind Kind, byte First, byte[] BeforeProperties, byte[]? Properties, byte[] AfterProperties)
{
    public byte[] Body()
    {
        var body = new ByteBuilder().Raw(BeforeProperties);
        if (Properties is not null)
        {
            body.VarInt((uint)Properties.Length).Raw(Properties);
        }

        return body.Raw(AfterProperties).ToArray();
    }

    public byte[] Encode()
    {
        var body = Body();
        return new ByteBuilder().U8(First).VarInt((uint)body.Length).Raw(body).ToArray();
    }
}

internal enum PacketKind
{
    Connect,
    ConnAck,
    Publish0,
    Publish1,
    Publish2,
    PubAck,
    PubRec,
    PubRel,
    PubComp,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    PingReq,
    PingResp,
    Disconnect,
    Auth,
}
