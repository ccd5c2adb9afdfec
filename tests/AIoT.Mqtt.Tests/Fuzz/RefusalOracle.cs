using System.Text;
using AIoT.Mqtt.Broker;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>Where the fuzzed bytes go: as a connection's first packet, or after a CONNECT the broker has accepted.</summary>
internal enum FuzzContext
{
    BeforeConnect,
    InSession,
}

/// <summary>
/// A small oracle of what the spec says a broker must refuse, judged from the first packet of a fuzzed stream alone and
/// written apart from the codec: a packet before CONNECT (MQTT-3.1.0-1), a second CONNECT (MQTT-3.1.0-2), a remaining
/// length over four bytes or not in its fewest bytes (MQTT-1.5.5-1; 3.1.1 table 2.4), reserved packet types and flag
/// bits (2.1.3, 2.2.2), PUBLISH QoS 3 (MQTT-3.3.1-4), and a PUBLISH topic with a wildcard (MQTT-3.3.2-2), U+0000 or
/// ill-formed UTF-8 (MQTT-1.5.3-1, 1.5.3-2). Null when none of these applies; the packet may still be refused for
/// other reasons, which this oracle does not judge.
/// </summary>
internal static class RefusalOracle
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <remarks>
    /// A null <paramref name="context"/> judges the bytes alone, as the codec sees them. The codes are those of every
    /// breakage seen, since a broker may meet them in any order (and a declared size over the broker's limit may be
    /// refused as too large before anything else is read).
    /// </remarks>
    public static Refusal? MustRefuse(ReadOnlySpan<byte> stream, FuzzContext? context, bool v5)
    {
        if (stream.Length == 0)
        {
            return null;
        }

        var found = new List<Refusal>();
        var type = stream[0] >> 4;
        var flags = stream[0] & 0x0F;
        if (context == FuzzContext.BeforeConnect && type != 1)
        {
            found.Add(new("a packet before CONNECT"));
        }

        if (context == FuzzContext.InSession && type == 1)
        {
            // The CONNECT may itself be broken, which the broker may see first (a will topic with a wildcard among that).
            found.Add(new("a second CONNECT", Refusal.ProtocolError, Refusal.Malformed, Refusal.TopicNameInvalid));
        }

        if (type == 0 || (type == 15 && !v5))
        {
            found.Add(new($"reserved packet type {type}", Refusal.Malformed, Refusal.ProtocolError));
        }

        var expectedFlags = type is 6 or 8 or 10 ? 2 : 0;
        if (type != 3 && flags != expectedFlags)
        {
            found.Add(new($"packet type {type} with reserved flags {flags:X}", Refusal.Malformed));
        }

        if (type == 3 && ((flags >> 1) & 3) == 3)
        {
            found.Add(new("PUBLISH with QoS 3", Refusal.Malformed));
        }

        if (type == 3 && (flags & 0x0E) == 0x08)
        {
            // DUP on QoS 0 (MQTT-3.3.1-2) is not judged as a refusal on its own here, but may be what the broker meets first.
            found.Add(new("", Refusal.Malformed, Refusal.ProtocolError));
        }

        var length = 0;
        var lengthBytes = 0;
        while (true)
        {
            if (lengthBytes == 4)
            {
                found.Add(new("a remaining length over four bytes", Refusal.Malformed));
                return Judged(found, tooLarge: false);
            }

            if (1 + lengthBytes >= stream.Length)
            {
                return Judged(found, tooLarge: false);
            }

            var b = stream[1 + lengthBytes];
            length |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0)
            {
                if (lengthBytes > 1 && b == 0)
                {
                    found.Add(new("a remaining length in more bytes than it needs", Refusal.Malformed));
                    return Judged(found, tooLarge: false);
                }

                break;
            }
        }

        var tooLarge = 1L + lengthBytes + length > MqttBrokerOptions.DefaultMaximumPacketSize;
        var body = stream[(1 + lengthBytes)..];
        if (type != 3 || length < 2 || body.Length < 2)
        {
            return Judged(found, tooLarge);
        }

        var topicLength = (body[0] << 8) | body[1];
        if (topicLength + 2 > length || topicLength + 2 > body.Length)
        {
            return Judged(found, tooLarge);
        }

        var topic = body.Slice(2, topicLength);
        if (topic.Contains((byte)0))
        {
            found.Add(new("a PUBLISH topic with U+0000", Refusal.Malformed));
            return Judged(found, tooLarge);
        }

        try
        {
            var text = StrictUtf8.GetString(topic);
            if (text.AsSpan().IndexOfAny('+', '#') >= 0)
            {
                found.Add(new("a PUBLISH topic with a wildcard", Refusal.TopicNameInvalid, Refusal.ProtocolError));
            }
        }
        catch (DecoderFallbackException)
        {
            found.Add(new("a PUBLISH topic that is not well-formed UTF-8", Refusal.Malformed));
        }

        return Judged(found, tooLarge);
    }

    /// <summary>
    /// The first breakage named (one without a name only widens the codes), with the codes of all; a breakage that
    /// allows any code makes the whole verdict allow any.
    /// </summary>
    private static Refusal? Judged(List<Refusal> found, bool tooLarge)
    {
        if (found.FirstOrDefault(r => r.Reason.Length > 0) is not { } first)
        {
            return null;
        }

        if (found.Any(r => r.Codes.Length == 0))
        {
            return new(first.Reason);
        }

        var codes = found.SelectMany(r => r.Codes);
        return new(first.Reason, [.. (tooLarge ? codes.Append(Refusal.PacketTooLarge) : codes).Distinct()]);
    }

    /// <summary>
    /// The first property identifier other than User Property (the only one a client may repeat: a subscription
    /// identifier appears once in SUBSCRIBE and never in a client's PUBLISH) that appears twice in a property section
    /// of known identifiers, each with a value of its type.
    /// </summary>
    public static byte? RepeatedProperty(ReadOnlySpan<byte> properties)
    {
        var seen = new HashSet<byte>();
        while (properties.Length > 0)
        {
            var id = properties[0];
            if (id != PropertyCatalog.UserProperty && !seen.Add(id))
            {
                return id;
            }

            properties = properties[(1 + ValueLength(PropertyCatalog.Types[id], properties[1..]))..];
        }

        return null;
    }

    /// <summary>The property section of a packet encoded from <paramref name="packet"/>'s parts with only its properties changed.</summary>
    public static ReadOnlySpan<byte> PropertySection(ReadOnlySpan<byte> encoded, PacketParts packet)
    {
        var at = 1;
        while ((encoded[at] & 0x80) != 0)
        {
            at++;
        }

        at += 1 + packet.BeforeProperties.Length;
        var (length, lengthBytes) = ReadVarInt(encoded[at..]);
        return encoded.Slice(at + lengthBytes, length);
    }

    private static int ValueLength(PropertyCatalog.PropertyType type, ReadOnlySpan<byte> value) => type switch
    {
        PropertyCatalog.PropertyType.Byte => 1,
        PropertyCatalog.PropertyType.UInt16 => 2,
        PropertyCatalog.PropertyType.UInt32 => 4,
        PropertyCatalog.PropertyType.VarInt => ReadVarInt(value).Bytes,
        PropertyCatalog.PropertyType.Utf8 or PropertyCatalog.PropertyType.Binary => 2 + ((value[0] << 8) | value[1]),
        _ => PairLength(value),
    };

    private static int PairLength(ReadOnlySpan<byte> value)
    {
        var name = 2 + ((value[0] << 8) | value[1]);
        return name + 2 + ((value[name] << 8) | value[name + 1]);
    }

    private static (int Value, int Bytes) ReadVarInt(ReadOnlySpan<byte> bytes)
    {
        var value = 0;
        for (var i = 0; ; i++)
        {
            value |= (bytes[i] & 0x7F) << (7 * i);
            if ((bytes[i] & 0x80) == 0)
            {
                return (value, i + 1);
            }
        }
    }

    /// <summary>Whether the broker had all it needs to see the error, so it must close the connection without waiting for more.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> stream)
    {
        if (stream.Length < 2)
        {
            return false;
        }

        var length = 0;
        for (var i = 0; i < 4; i++)
        {
            if (1 + i >= stream.Length)
            {
                return false;
            }

            var b = stream[1 + i];
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return (i > 0 && b == 0) || stream.Length >= 2 + i + length;
            }
        }

        return stream.Length >= 6;
    }
}
