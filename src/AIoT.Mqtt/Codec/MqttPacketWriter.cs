using System.Buffers;
using AIoT.Mqtt.Packets;
using static AIoT.Mqtt.Codec.PropertyIds;

namespace AIoT.Mqtt.Codec;

/// <summary>
/// Encodes control packets. The variable header goes through a per-thread scratch buffer; a PUBLISH payload is copied
/// once, straight from the message into the output.
/// </summary>
public static class MqttPacketWriter
{
    [ThreadStatic]
    private static MqttBufferWriter? t_body;

    [ThreadStatic]
    private static MqttBufferWriter? t_properties;

    /// <summary>Writes the packet and returns its size in bytes.</summary>
    public static int Write(MqttPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var body = t_body ??= new MqttBufferWriter();
        body.Clear();
        var v5 = version == MqttProtocolVersion.V500;
        byte flags = 0;
        ReadOnlySpan<byte> payload = default;
        switch (packet)
        {
            case MqttConnectPacket connect:
                WriteConnect(body, connect);
                break;
            case MqttConnAckPacket connAck:
                body.WriteByte(connAck.SessionPresent ? (byte)1 : (byte)0);
                body.WriteByte(v5 ? (byte)connAck.ReasonCode : ReturnCodes.ToConnAck311(connAck.ReasonCode));
                WritePropertiesIf(v5, body, connAck.Properties);
                break;
            case MqttPublishPacket publish:
                flags = (byte)((publish.Dup ? 0x08 : 0) | ((byte)publish.Qos << 1) | (publish.Retain ? 1 : 0));
                body.WriteString(publish.Topic);
                if (publish.Qos != MqttQos.AtMostOnce)
                {
                    body.WriteUInt16(publish.PacketId);
                }

                WritePropertiesIf(v5, body, publish.Properties);
                payload = publish.Payload.Span;
                break;
            case MqttPublishAckPacket ack:
                flags = ack.Type == MqttPacketType.PubRel ? (byte)0b0010 : (byte)0;
                body.WriteUInt16(ack.PacketId);
                if (v5 && (ack.ReasonCode != MqttReasonCode.Success || ack.Properties is not null))
                {
                    body.WriteByte((byte)ack.ReasonCode);
                    if (ack.Properties is not null)
                    {
                        WriteProperties(body, ack.Properties);
                    }
                }

                break;
            case MqttSubscribePacket subscribe:
                flags = 0b0010;
                body.WriteUInt16(subscribe.PacketId);
                WritePropertiesIf(v5, body, subscribe.Properties);
                foreach (var s in subscribe.Subscriptions)
                {
                    body.WriteString(s.Filter);
                    body.WriteByte((byte)((byte)s.Qos | (v5 ? (s.NoLocal ? 0x04 : 0) | (s.RetainAsPublished ? 0x08 : 0) | (s.RetainHandling << 4) : 0)));
                }

                break;
            case MqttSubAckPacket subAck:
                body.WriteUInt16(subAck.PacketId);
                WritePropertiesIf(v5, body, subAck.Properties);
                foreach (var code in subAck.ReasonCodes)
                {
                    body.WriteByte(v5 ? (byte)code : ReturnCodes.ToSubAck311(code));
                }

                break;
            case MqttUnsubscribePacket unsubscribe:
                flags = 0b0010;
                body.WriteUInt16(unsubscribe.PacketId);
                WritePropertiesIf(v5, body, unsubscribe.Properties);
                foreach (var filter in unsubscribe.Filters)
                {
                    body.WriteString(filter);
                }

                break;
            case MqttUnsubAckPacket unsubAck:
                body.WriteUInt16(unsubAck.PacketId);
                if (v5)
                {
                    WriteProperties(body, unsubAck.Properties);
                    foreach (var code in unsubAck.ReasonCodes)
                    {
                        body.WriteByte((byte)code);
                    }
                }

                break;
            case MqttPingReqPacket or MqttPingRespPacket:
                break;
            case MqttDisconnectPacket disconnect:
                if (v5 && (disconnect.ReasonCode != MqttReasonCode.Success || disconnect.Properties is not null))
                {
                    body.WriteByte((byte)disconnect.ReasonCode);
                    if (disconnect.Properties is not null)
                    {
                        WriteProperties(body, disconnect.Properties);
                    }
                }

                break;
            case MqttAuthPacket auth:
                if (!v5)
                {
                    throw new InvalidOperationException("AUTH exists only in MQTT 5.0.");
                }

                body.WriteByte((byte)auth.ReasonCode);
                WriteProperties(body, auth.Properties);
                break;
            default:
                throw new ArgumentException($"Cannot encode {packet.GetType().Name}.", nameof(packet));
        }

        var remaining = (uint)(body.Length + payload.Length);
        var headerSize = 1 + MqttBufferWriter.VariableByteIntegerSize(remaining);
        var total = headerSize + (int)remaining;
        var span = output.GetSpan(headerSize + body.Length);
        span[0] = (byte)(((byte)packet.Type << 4) | flags);
        MqttBufferWriter.WriteVariableByteInteger(span[1..], remaining);
        body.Written.CopyTo(span[headerSize..]);
        output.Advance(headerSize + body.Length);
        if (!payload.IsEmpty)
        {
            output.Write(payload);
        }

        return total;
    }

    private static void WriteConnect(MqttBufferWriter body, MqttConnectPacket connect)
    {
        var v5 = connect.ProtocolVersion == MqttProtocolVersion.V500;
        body.WriteString("MQTT");
        body.WriteByte((byte)connect.ProtocolVersion);
        var flags = (connect.CleanStart ? 0x02 : 0) | (connect.UserName is not null ? 0x80 : 0) | (connect.Password is not null ? 0x40 : 0);
        if (connect.Will is { } will)
        {
            flags |= 0x04 | ((byte)will.Qos << 3) | (will.Retain ? 0x20 : 0);
        }

        body.WriteByte((byte)flags);
        body.WriteUInt16(connect.KeepAliveSeconds);
        WritePropertiesIf(v5, body, connect.Properties);
        body.WriteString(connect.ClientId);
        if (connect.Will is { } w)
        {
            WritePropertiesIf(v5, body, w.Properties);
            body.WriteString(w.Topic);
            body.WriteBinary(w.Payload.Span);
        }

        if (connect.UserName is not null)
        {
            body.WriteString(connect.UserName);
        }

        if (connect.Password is { } password)
        {
            body.WriteBinary(password.Span);
        }
    }

    private static void WritePropertiesIf(bool v5, MqttBufferWriter body, MqttProperties? properties)
    {
        if (v5)
        {
            WriteProperties(body, properties);
        }
    }

    private static void WriteProperties(MqttBufferWriter body, MqttProperties? p)
    {
        if (p is null)
        {
            body.WriteByte(0);
            return;
        }

        var w = t_properties ??= new MqttBufferWriter();
        w.Clear();
        Byte(w, PayloadFormatIndicator, p.PayloadFormatIndicator);
        UInt32(w, MessageExpiryInterval, p.MessageExpiryInterval);
        Text(w, ContentType, p.ContentType);
        Text(w, ResponseTopic, p.ResponseTopic);
        Binary(w, CorrelationData, p.CorrelationData);
        foreach (var id in p.SubscriptionIdentifiers ?? [])
        {
            w.WriteByte(SubscriptionIdentifier);
            w.WriteVariableByteInteger(id);
        }

        UInt32(w, SessionExpiryInterval, p.SessionExpiryInterval);
        Text(w, AssignedClientIdentifier, p.AssignedClientIdentifier);
        UInt16(w, ServerKeepAlive, p.ServerKeepAlive);
        Text(w, AuthenticationMethod, p.AuthenticationMethod);
        Binary(w, AuthenticationData, p.AuthenticationData);
        Byte(w, RequestProblemInformation, p.RequestProblemInformation);
        UInt32(w, WillDelayInterval, p.WillDelayInterval);
        Byte(w, RequestResponseInformation, p.RequestResponseInformation);
        Text(w, ResponseInformation, p.ResponseInformation);
        Text(w, ServerReference, p.ServerReference);
        Text(w, ReasonString, p.ReasonString);
        UInt16(w, ReceiveMaximum, p.ReceiveMaximum);
        UInt16(w, TopicAliasMaximum, p.TopicAliasMaximum);
        UInt16(w, TopicAlias, p.TopicAlias);
        Byte(w, MaximumQos, p.MaximumQos);
        Byte(w, RetainAvailable, p.RetainAvailable);
        foreach (var user in p.UserProperties ?? [])
        {
            w.WriteByte(UserProperty);
            w.WriteString(user.Name);
            w.WriteString(user.Value);
        }

        UInt32(w, MaximumPacketSize, p.MaximumPacketSize);
        Byte(w, WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable);
        Byte(w, SubscriptionIdentifierAvailable, p.SubscriptionIdentifiersAvailable);
        Byte(w, SharedSubscriptionAvailable, p.SharedSubscriptionAvailable);
        body.WriteVariableByteInteger((uint)w.Length);
        body.WriteRaw(w.Written);
    }

    private static void Byte(MqttBufferWriter w, byte id, byte? value)
    {
        if (value is { } v)
        {
            w.WriteByte(id);
            w.WriteByte(v);
        }
    }

    private static void UInt16(MqttBufferWriter w, byte id, ushort? value)
    {
        if (value is { } v)
        {
            w.WriteByte(id);
            w.WriteUInt16(v);
        }
    }

    private static void UInt32(MqttBufferWriter w, byte id, uint? value)
    {
        if (value is { } v)
        {
            w.WriteByte(id);
            w.WriteUInt32(v);
        }
    }

    private static void Text(MqttBufferWriter w, byte id, string? value)
    {
        if (value is not null)
        {
            w.WriteByte(id);
            w.WriteString(value);
        }
    }

    private static void Binary(MqttBufferWriter w, byte id, ReadOnlyMemory<byte>? value)
    {
        if (value is { } v)
        {
            w.WriteByte(id);
            w.WriteBinary(v.Span);
        }
    }
}
