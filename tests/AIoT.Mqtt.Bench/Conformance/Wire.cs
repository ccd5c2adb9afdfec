using System.Buffers.Binary;
using System.Text;

namespace AIoT.Mqtt.Bench.Conformance;

/// <summary>MQTT 5.0 property identifiers the checks send or read (5.0 section 2.2.2.2).</summary>
internal static class Prop
{
    public const byte PayloadFormat = 0x01, MessageExpiry = 0x02, ContentType = 0x03, ResponseTopic = 0x08, CorrelationData = 0x09;
    public const byte SubscriptionId = 0x0B, SessionExpiry = 0x11, AssignedClientId = 0x12, ServerKeepAlive = 0x13;
    public const byte AuthMethod = 0x15, AuthData = 0x16, RequestProblemInfo = 0x17, WillDelay = 0x18, RequestResponseInfo = 0x19;
    public const byte ResponseInfo = 0x1A, ServerReference = 0x1C, ReasonString = 0x1F, ReceiveMaximum = 0x21, TopicAliasMaximum = 0x22;
    public const byte TopicAlias = 0x23, MaximumQos = 0x24, RetainAvailable = 0x25, UserProperty = 0x26, MaximumPacketSize = 0x27;
    public const byte WildcardAvailable = 0x28, SubscriptionIdAvailable = 0x29, SharedAvailable = 0x2A;
}

/// <summary>Builds a property block: the bytes after the property length, which <see cref="Wire"/> prefixes.</summary>
internal sealed class Props
{
    private readonly List<byte> _bytes = [];

    public static Props None => new();

    public Props Byte(byte id, byte value) => Add(id, [value]);

    public Props Int2(byte id, ushort value) => Add(id, [(byte)(value >> 8), (byte)value]);

    public Props Int4(byte id, uint value) => Add(id, [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    public Props VarInt(byte id, int value) => Add(id, Wire.VarInt(value));

    public Props Str(byte id, string value) => Add(id, Wire.Str(value));

    private Props Add(byte id, byte[] value)
    {
        _bytes.Add(id);
        _bytes.AddRange(value);
        return this;
    }

    public byte[] Encoded() => [.. Wire.VarInt(_bytes.Count), .. _bytes];
}

/// <summary>A will for CONNECT: topic, payload, QoS, retain, and (5.0) will properties.</summary>
internal sealed record Will(string Topic, string Payload, int Qos = 0, bool Retain = false, Props? Properties = null);

/// <summary>Control packets written byte by byte (3.1.1 sections 2-3, 5.0 sections 2-3), so a check can also write them wrong.</summary>
internal static class Wire
{
    public static byte[] VarInt(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
        return [.. bytes];
    }

    public static byte[] Str(string value) => Bin(Encoding.UTF8.GetBytes(value));

    public static byte[] Bin(byte[] value) => [(byte)(value.Length >> 8), (byte)value.Length, .. value];

    public static byte[] Id(ushort id) => [(byte)(id >> 8), (byte)id];

    public static byte[] Frame(byte header, byte[] body) => [header, .. VarInt(body.Length), .. body];

    public static byte[] Connect(int level, string clientId, bool clean = true, ushort keepAlive = 60, Props? props = null, Will? will = null, byte header = 0x10, byte reservedFlag = 0)
    {
        var flags = (byte)((clean ? 0x02 : 0) | reservedFlag);
        if (will is not null)
        {
            flags |= (byte)(0x04 | (will.Qos << 3) | (will.Retain ? 0x20 : 0));
        }

        var body = new List<byte>();
        body.AddRange(Str("MQTT"));
        body.Add((byte)level);
        body.Add(flags);
        body.AddRange(Id(keepAlive));
        if (level == 5)
        {
            body.AddRange((props ?? Props.None).Encoded());
        }

        body.AddRange(Str(clientId));
        if (will is not null)
        {
            if (level == 5)
            {
                body.AddRange((will.Properties ?? Props.None).Encoded());
            }

            body.AddRange(Str(will.Topic));
            body.AddRange(Str(will.Payload));
        }

        return Frame(header, [.. body]);
    }

    public static byte[] Publish(int level, string topic, string payload, int qos = 0, bool retain = false, ushort id = 0, Props? props = null, bool dup = false) =>
        Publish(level, Str(topic), Encoding.UTF8.GetBytes(payload), qos, retain, id, props, dup);

    /// <summary>A PUBLISH whose topic is given as its encoded bytes (length prefix included), for topics that are not valid UTF-8.</summary>
    public static byte[] Publish(int level, byte[] encodedTopic, byte[] payload, int qos = 0, bool retain = false, ushort id = 0, Props? props = null, bool dup = false)
    {
        var header = (byte)(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0));
        var body = new List<byte>(encodedTopic);
        if (qos > 0)
        {
            body.AddRange(Id(id));
        }

        if (level == 5)
        {
            body.AddRange((props ?? Props.None).Encoded());
        }

        body.AddRange(payload);
        return Frame(header, [.. body]);
    }

    /// <summary>SUBSCRIBE; each option byte is the requested QoS plus (5.0) no-local 0x04, retain-as-published 0x08, retain handling 0x10/0x20.</summary>
    public static byte[] Subscribe(int level, ushort id, IEnumerable<(string Filter, byte Options)> filters, Props? props = null, byte header = 0x82)
    {
        var body = new List<byte>(Id(id));
        if (level == 5)
        {
            body.AddRange((props ?? Props.None).Encoded());
        }

        foreach (var (filter, options) in filters)
        {
            body.AddRange(Str(filter));
            body.Add(options);
        }

        return Frame(header, [.. body]);
    }

    public static byte[] Unsubscribe(int level, ushort id, string filter) =>
        Frame(0xA2, [.. Id(id), .. level == 5 ? Props.None.Encoded() : [], .. Str(filter)]);

    public static byte[] Ack(int type, ushort id) => Frame((byte)((type << 4) | (type == 6 ? 0x02 : 0)), Id(id));

    public static byte[] PingReq => [0xC0, 0x00];

    public static byte[] Disconnect => [0xE0, 0x00];
}

/// <summary>What the checks read out of the brokers' packets.</summary>
internal sealed record ConnAck(bool SessionPresent, byte Code, Dictionary<byte, List<object>> Properties);

internal sealed record Publish(string Topic, int Qos, bool Retain, bool Dup, ushort PacketId, Dictionary<byte, List<object>> Properties, string Payload);

internal static class Parse
{
    public static ConnAck ConnAck(RawPacket packet, int level) =>
        new((packet.Body[0] & 1) == 1, packet.Body.Length > 1 ? packet.Body[1] : (byte)0, level == 5 && packet.Body.Length > 2 ? Properties(packet.Body, 2, out _) : []);

    public static Publish Publish(RawPacket packet, int level)
    {
        var body = packet.Body;
        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        var topic = Encoding.UTF8.GetString(body, 2, topicLength);
        var at = 2 + topicLength;
        var qos = (packet.Flags >> 1) & 3;
        ushort id = 0;
        if (qos > 0)
        {
            id = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
            at += 2;
        }

        var properties = level == 5 ? Properties(body, at, out at) : [];
        return new(topic, qos, (packet.Flags & 1) == 1, (packet.Flags & 8) == 8, id, properties, Encoding.UTF8.GetString(body, at, body.Length - at));
    }

    /// <summary>SUBACK return / reason codes.</summary>
    public static byte[] SubAck(RawPacket packet, int level)
    {
        var at = 2;
        if (level == 5)
        {
            Properties(packet.Body, at, out at);
        }

        return packet.Body[at..];
    }

    /// <summary>A 5.0 DISCONNECT's reason code (0 when the packet has none).</summary>
    public static byte DisconnectCode(RawPacket packet) => packet.Body.Length > 0 ? packet.Body[0] : (byte)0;

    public static Dictionary<byte, List<object>> Properties(byte[] body, int at, out int end)
    {
        var length = ReadVarInt(body, ref at);
        end = at + length;
        var properties = new Dictionary<byte, List<object>>();
        while (at < end)
        {
            var id = body[at++];
            object value;
            switch (id)
            {
                case Prop.PayloadFormat or Prop.RequestProblemInfo or Prop.RequestResponseInfo or Prop.MaximumQos or Prop.RetainAvailable
                    or Prop.WildcardAvailable or Prop.SubscriptionIdAvailable or Prop.SharedAvailable:
                    value = (int)body[at++];
                    break;
                case Prop.ServerKeepAlive or Prop.ReceiveMaximum or Prop.TopicAliasMaximum or Prop.TopicAlias:
                    value = (int)BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
                    at += 2;
                    break;
                case Prop.MessageExpiry or Prop.SessionExpiry or Prop.WillDelay or Prop.MaximumPacketSize:
                    value = (long)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at));
                    at += 4;
                    break;
                case Prop.SubscriptionId:
                    value = ReadVarInt(body, ref at);
                    break;
                case Prop.UserProperty:
                    var name = ReadString(body, ref at);
                    value = name + "=" + ReadString(body, ref at);
                    break;
                case Prop.ContentType or Prop.ResponseTopic or Prop.AssignedClientId or Prop.AuthMethod or Prop.ResponseInfo
                    or Prop.ServerReference or Prop.ReasonString or Prop.CorrelationData or Prop.AuthData:
                    value = ReadString(body, ref at);
                    break;
                default:
                    throw new InvalidDataException($"unknown property 0x{id:X2}");
            }

            if (!properties.TryGetValue(id, out var values))
            {
                properties[id] = values = [];
            }

            values.Add(value);
        }

        return properties;
    }

    private static string ReadString(byte[] body, ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
        var text = Encoding.UTF8.GetString(body, at + 2, length);
        at += 2 + length;
        return text;
    }

    private static int ReadVarInt(byte[] body, ref int at)
    {
        int value = 0, multiplier = 1;
        byte digit;
        do
        {
            digit = body[at++];
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((digit & 0x80) != 0);
        return value;
    }
}
