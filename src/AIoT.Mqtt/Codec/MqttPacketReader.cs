using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using AIoT.Mqtt.Packets;
using static AIoT.Mqtt.Codec.PropertyIds;

namespace AIoT.Mqtt.Codec;

/// <summary>
/// Decodes control packets from a pipe's buffer, one at a time, as soon as a whole packet is there. A malformed packet
/// throws <see cref="MqttProtocolException"/> carrying the reason code the spec requires; nothing else escapes.
/// </summary>
public static class MqttPacketReader
{
    /// <summary>
    /// True with a packet when <paramref name="buffer"/> starts with a whole one (and is sliced past it); false when more
    /// bytes are needed. <paramref name="version"/> is the connection's, from its CONNECT.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, MqttProtocolVersion version, uint maxPacketSize, [NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        if (!TryReadFixedHeader(buffer, out var first, out var remainingLength, out var headerLength))
        {
            return false;
        }

        if ((ulong)headerLength + remainingLength > maxPacketSize)
        {
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, $"A packet of {headerLength + remainingLength} bytes is over the limit of {maxPacketSize}.");
        }

        if (buffer.Length < headerLength + remainingLength)
        {
            return false;
        }

        var body = buffer.Slice(headerLength, remainingLength);
        packet = body.IsSingleSegment ? Decode(first, body.FirstSpan, version) : Decode(first, body.ToArray(), version);
        buffer = buffer.Slice(body.End);
        return true;
    }

    private static bool TryReadFixedHeader(ReadOnlySequence<byte> buffer, out byte first, out uint remainingLength, out int headerLength)
    {
        first = 0;
        remainingLength = 0;
        headerLength = 0;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out first))
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            remainingLength |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    // 0x80 0x00 is 0 in two bytes: 5.0 requires the fewest bytes (MQTT-1.5.5-1), 3.1.1's table 2.4 lists no other form.
                    throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "The remaining length is not encoded in its fewest bytes.");
                }

                headerLength = i + 2;
                return true;
            }
        }

        throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "The remaining length is longer than four bytes.");
    }

    private static MqttPacket Decode(byte first, ReadOnlySpan<byte> body, MqttProtocolVersion version)
    {
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        var expectedFlags = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 0b0010 : 0;
        if (type != MqttPacketType.Publish && flags != expectedFlags)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"{type} has reserved flags 0x{flags:X}; they must be 0x{expectedFlags:X}.");
        }

        var reader = new MqttSpanReader(body);
        var v5 = version == MqttProtocolVersion.V500;
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => ReadConnect(ref reader),
            MqttPacketType.ConnAck => ReadConnAck(ref reader, v5),
            MqttPacketType.Publish => ReadPublish(ref reader, flags, v5),
            MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp => ReadPublishAck(ref reader, type, v5),
            MqttPacketType.Subscribe => ReadSubscribe(ref reader, v5),
            MqttPacketType.SubAck => ReadSubAck(ref reader, v5),
            MqttPacketType.Unsubscribe => ReadUnsubscribe(ref reader, v5),
            MqttPacketType.UnsubAck => ReadUnsubAck(ref reader, v5),
            MqttPacketType.PingReq => MqttPingReqPacket.Instance,
            MqttPacketType.PingResp => MqttPingRespPacket.Instance,
            MqttPacketType.Disconnect => ReadDisconnect(ref reader, v5),
            MqttPacketType.Auth when v5 => ReadAuth(ref reader),
            _ => throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"Packet type {(int)type} is not valid here."),
        };

        if (reader.Remaining != 0 && type is not MqttPacketType.Publish)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"{type} has {reader.Remaining} bytes after its end.");
        }

        return packet;
    }

    private static MqttConnectPacket ReadConnect(ref MqttSpanReader reader)
    {
        var protocolName = reader.ReadString("the protocol name");
        var level = reader.ReadByte();
        if (protocolName != "MQTT" || level is not (4 or 5))
        {
            throw new MqttProtocolException(
                MqttReasonCode.UnsupportedProtocolVersion,
                $"Protocol '{protocolName}' level {level} is not supported; this server speaks MQTT 3.1.1 (level 4) and 5.0 (level 5).");
        }

        var version = (MqttProtocolVersion)level;
        var flags = reader.ReadByte();
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "The reserved bit of the CONNECT flags is set.");
        }

        var willFlag = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUser = (flags & 0x80) != 0;
        if (willQos == 3)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "The will QoS is 3.");
        }

        if (!willFlag && (willQos != 0 || willRetain))
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "Will QoS or retain is set without a will.");
        }

        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUser)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "A password without a user name is not allowed in MQTT 3.1.1.");
        }

        var packet = new MqttConnectPacket
        {
            ProtocolVersion = version,
            CleanStart = (flags & 0x02) != 0,
            KeepAliveSeconds = reader.ReadUInt16(),
        };
        var v5 = version == MqttProtocolVersion.V500;
        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.Connect);
        }

        packet.ClientId = reader.ReadString("the client identifier");
        if (willFlag)
        {
            var will = new MqttWill { Qos = (MqttQos)willQos, Retain = willRetain };
            if (v5)
            {
                will.Properties = ReadProperties(ref reader, Will);
            }

            will.Topic = reader.ReadString("the will topic");
            will.Payload = reader.ReadBinary("the will payload");
            RequireTopicName(will.Topic, "The will topic");
            packet.Will = will;
        }

        if (hasUser)
        {
            packet.UserName = reader.ReadString("the user name");
        }

        if (hasPassword)
        {
            packet.Password = reader.ReadBinary("the password");
        }

        return packet;
    }

    private static MqttConnAckPacket ReadConnAck(ref MqttSpanReader reader, bool v5)
    {
        var acknowledge = reader.ReadByte();
        if ((acknowledge & 0xFE) != 0)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "CONNACK acknowledge flags have reserved bits set.");
        }

        var packet = new MqttConnAckPacket { SessionPresent = (acknowledge & 1) != 0 };
        var code = reader.ReadByte();
        packet.ReasonCode = v5 ? (MqttReasonCode)code : ReturnCodes.FromConnAck311(code);
        if (v5 && reader.Remaining > 0)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.ConnAck);
        }

        return packet;
    }

    private static MqttPublishPacket ReadPublish(ref MqttSpanReader reader, int flags, bool v5)
    {
        var qos = (flags >> 1) & 0x03;
        if (qos == 3)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "PUBLISH has QoS 3.");
        }

        var packet = new MqttPublishPacket
        {
            Dup = (flags & 0x08) != 0,
            Qos = (MqttQos)qos,
            Retain = (flags & 0x01) != 0,
            Topic = reader.ReadString("the topic name"),
        };
        if (packet.Qos == MqttQos.AtMostOnce && packet.Dup)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "PUBLISH with QoS 0 has the DUP flag set.");
        }

        if (packet.Topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, $"PUBLISH topic '{packet.Topic}' contains a wildcard.");
        }

        if (packet.Qos != MqttQos.AtMostOnce)
        {
            packet.PacketId = RequirePacketId(reader.ReadUInt16(), "PUBLISH");
        }

        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.Publish);
        }

        if (packet.Topic.Length == 0 && packet.Properties?.TopicAlias is null)
        {
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "PUBLISH has an empty topic and no topic alias.");
        }

        packet.Payload = reader.ReadRest().ToArray();
        return packet;
    }

    private static MqttPublishAckPacket ReadPublishAck(ref MqttSpanReader reader, MqttPacketType type, bool v5)
    {
        var packet = new MqttPublishAckPacket(type) { PacketId = RequirePacketId(reader.ReadUInt16(), type.ToString().ToUpperInvariant()) };
        if (v5 && reader.Remaining > 0)
        {
            packet.ReasonCode = (MqttReasonCode)reader.ReadByte();
            if (reader.Remaining > 0)
            {
                packet.Properties = ReadProperties(ref reader, type);
            }
        }

        return packet;
    }

    private static MqttSubscribePacket ReadSubscribe(ref MqttSpanReader reader, bool v5)
    {
        var packet = new MqttSubscribePacket { PacketId = RequirePacketId(reader.ReadUInt16(), "SUBSCRIBE") };
        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.Subscribe);
            if (packet.Properties?.SubscriptionIdentifiers is { } ids && ids.Any(id => id == 0))
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "A subscription identifier of 0 is not allowed.");
            }
        }

        while (reader.Remaining > 0)
        {
            var filter = reader.ReadString("a topic filter");
            var options = reader.ReadByte();
            if ((options & (v5 ? 0xC0 : 0xFC)) != 0)
            {
                throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"Subscription options 0x{options:X2} for '{filter}' have reserved bits set.");
            }

            var qos = options & 0x03;
            var retainHandling = (byte)((options >> 4) & 0x03);
            if (qos == 3)
            {
                // 3.1.1 calls it malformed (MQTT-3.8.3-4); 5.0 a Protocol Error (3.8.3.1), reported so in DISCONNECT.
                throw new MqttProtocolException(v5 ? MqttReasonCode.ProtocolError : MqttReasonCode.MalformedPacket, $"Subscription to '{filter}' asks for QoS 3.");
            }

            if (retainHandling == 3)
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"Subscription to '{filter}' has retain handling 3.");
            }

            packet.Subscriptions.Add(new MqttSubscription(filter, (MqttQos)qos, (options & 0x04) != 0, (options & 0x08) != 0, retainHandling));
        }

        if (packet.Subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "SUBSCRIBE has no topic filters.");
        }

        return packet;
    }

    private static MqttSubAckPacket ReadSubAck(ref MqttSpanReader reader, bool v5)
    {
        var packet = new MqttSubAckPacket { PacketId = reader.ReadUInt16() };
        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.SubAck);
        }

        while (reader.Remaining > 0)
        {
            packet.ReasonCodes.Add((MqttReasonCode)reader.ReadByte());
        }

        return packet;
    }

    private static MqttUnsubscribePacket ReadUnsubscribe(ref MqttSpanReader reader, bool v5)
    {
        var packet = new MqttUnsubscribePacket { PacketId = RequirePacketId(reader.ReadUInt16(), "UNSUBSCRIBE") };
        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.Unsubscribe);
        }

        while (reader.Remaining > 0)
        {
            packet.Filters.Add(reader.ReadString("a topic filter"));
        }

        if (packet.Filters.Count == 0)
        {
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "UNSUBSCRIBE has no topic filters.");
        }

        return packet;
    }

    private static MqttUnsubAckPacket ReadUnsubAck(ref MqttSpanReader reader, bool v5)
    {
        var packet = new MqttUnsubAckPacket { PacketId = reader.ReadUInt16() };
        if (v5)
        {
            packet.Properties = ReadProperties(ref reader, MqttPacketType.UnsubAck);
            while (reader.Remaining > 0)
            {
                packet.ReasonCodes.Add((MqttReasonCode)reader.ReadByte());
            }
        }

        return packet;
    }

    private static MqttDisconnectPacket ReadDisconnect(ref MqttSpanReader reader, bool v5)
    {
        var packet = new MqttDisconnectPacket();
        if (v5 && reader.Remaining > 0)
        {
            packet.ReasonCode = (MqttReasonCode)reader.ReadByte();
            if (reader.Remaining > 0)
            {
                packet.Properties = ReadProperties(ref reader, MqttPacketType.Disconnect);
            }
        }

        return packet;
    }

    private static MqttAuthPacket ReadAuth(ref MqttSpanReader reader)
    {
        var packet = new MqttAuthPacket();
        if (reader.Remaining > 0)
        {
            packet.ReasonCode = (MqttReasonCode)reader.ReadByte();
            if (reader.Remaining > 0)
            {
                packet.Properties = ReadProperties(ref reader, MqttPacketType.Auth);
            }
        }

        return packet;
    }

    private static ushort RequirePacketId(ushort id, string packet) =>
        id != 0 ? id : throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"{packet} has packet identifier 0.");

    internal static void RequireTopicName(string topic, string what)
    {
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, $"{what} '{topic}' is empty or contains a wildcard.");
        }
    }

    private static MqttProperties? ReadProperties(ref MqttSpanReader reader, MqttPacketType context)
    {
        var length = reader.ReadVariableByteInteger();
        if (length == 0)
        {
            return null;
        }

        if (length > reader.Remaining)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "The property length runs past the end of the packet.");
        }

        var end = reader.Remaining - (int)length;
        var properties = new MqttProperties();
        var seen = new HashSet<byte>();
        while (reader.Remaining > end)
        {
            // Every identifier is one byte long (2.2.2.2): a longer one is no property at all, not the byte it ends in.
            var wideId = reader.ReadVariableByteInteger();
            var id = (byte)wideId;
            if (wideId > byte.MaxValue || !IsAllowed(id, context))
            {
                throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"Property {wideId} is not valid in {(context == Will ? "a will" : context.ToString().ToUpperInvariant())}.");
            }

            if (!MayRepeat(id, context) && !seen.Add(id))
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"Property {id} appears more than once in {(context == Will ? "a will" : context.ToString().ToUpperInvariant())}.");
            }

            ReadProperty(ref reader, id, properties);
        }

        if (reader.Remaining != end)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "A property runs past the property length.");
        }

        return properties;
    }

    private static void ReadProperty(ref MqttSpanReader reader, byte id, MqttProperties p)
    {
        switch (id)
        {
            case PayloadFormatIndicator: p.PayloadFormatIndicator = ZeroOrOne(reader.ReadByte(), "payload format indicator"); break;
            case MessageExpiryInterval: p.MessageExpiryInterval = reader.ReadUInt32(); break;
            case ContentType: p.ContentType = reader.ReadString("the content type"); break;
            case ResponseTopic:
                p.ResponseTopic = reader.ReadString("the response topic");
                RequireTopicName(p.ResponseTopic, "The response topic");
                break;
            case CorrelationData: p.CorrelationData = reader.ReadBinary("the correlation data"); break;
            case SubscriptionIdentifier: (p.SubscriptionIdentifiers ??= []).Add(reader.ReadVariableByteInteger()); break;
            case SessionExpiryInterval: p.SessionExpiryInterval = reader.ReadUInt32(); break;
            case AssignedClientIdentifier: p.AssignedClientIdentifier = reader.ReadString("the assigned client identifier"); break;
            case ServerKeepAlive: p.ServerKeepAlive = reader.ReadUInt16(); break;
            case AuthenticationMethod: p.AuthenticationMethod = reader.ReadString("the authentication method"); break;
            case AuthenticationData: p.AuthenticationData = reader.ReadBinary("the authentication data"); break;
            case RequestProblemInformation: p.RequestProblemInformation = ZeroOrOne(reader.ReadByte(), "request problem information"); break;
            case WillDelayInterval: p.WillDelayInterval = reader.ReadUInt32(); break;
            case RequestResponseInformation: p.RequestResponseInformation = ZeroOrOne(reader.ReadByte(), "request response information"); break;
            case ResponseInformation: p.ResponseInformation = reader.ReadString("the response information"); break;
            case ServerReference: p.ServerReference = reader.ReadString("the server reference"); break;
            case ReasonString: p.ReasonString = reader.ReadString("the reason string"); break;
            case ReceiveMaximum: p.ReceiveMaximum = NonZero(reader.ReadUInt16(), "receive maximum"); break;
            case TopicAliasMaximum: p.TopicAliasMaximum = reader.ReadUInt16(); break;
            case TopicAlias: p.TopicAlias = NonZero(reader.ReadUInt16(), "topic alias"); break;
            case MaximumQos: p.MaximumQos = ZeroOrOne(reader.ReadByte(), "maximum QoS"); break;
            case RetainAvailable: p.RetainAvailable = ZeroOrOne(reader.ReadByte(), "retain available"); break;
            case UserProperty: (p.UserProperties ??= []).Add(new MqttUserProperty(reader.ReadString("a user property name"), reader.ReadString("a user property value"))); break;
            case MaximumPacketSize: p.MaximumPacketSize = reader.ReadUInt32() is var size and not 0 ? size : throw new MqttProtocolException(MqttReasonCode.ProtocolError, "Maximum packet size 0 is not allowed."); break;
            case WildcardSubscriptionAvailable: p.WildcardSubscriptionAvailable = ZeroOrOne(reader.ReadByte(), "wildcard subscription available"); break;
            case SubscriptionIdentifierAvailable: p.SubscriptionIdentifiersAvailable = ZeroOrOne(reader.ReadByte(), "subscription identifiers available"); break;
            case SharedSubscriptionAvailable: p.SharedSubscriptionAvailable = ZeroOrOne(reader.ReadByte(), "shared subscription available"); break;
        }
    }

    private static byte ZeroOrOne(byte value, string what) =>
        value <= 1 ? value : throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"The {what} property is {value}; it must be 0 or 1.");

    private static ushort NonZero(ushort value, string what) =>
        value != 0 ? value : throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"The {what} property is 0.");
}
