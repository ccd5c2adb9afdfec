using System.Text;

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

    /// <remarks>A null <paramref name="context"/> judges the bytes alone, as the codec sees them.</remarks>
    public static string? MustRefuse(ReadOnlySpan<byte> stream, FuzzContext? context, bool v5)
    {
        if (stream.Length == 0)
        {
            return null;
        }

        var type = stream[0] >> 4;
        var flags = stream[0] & 0x0F;
        if (context == FuzzContext.BeforeConnect && type != 1)
        {
            return "a packet before CONNECT";
        }

        if (context == FuzzContext.InSession && type == 1)
        {
            return "a second CONNECT";
        }

        if (type == 0 || (type == 15 && !v5))
        {
            return $"reserved packet type {type}";
        }

        var expectedFlags = type is 6 or 8 or 10 ? 2 : 0;
        if (type != 3 && flags != expectedFlags)
        {
            return $"packet type {type} with reserved flags {flags:X}";
        }

        if (type == 3 && ((flags >> 1) & 3) == 3)
        {
            return "PUBLISH with QoS 3";
        }

        var length = 0;
        var lengthBytes = 0;
        while (true)
        {
            if (lengthBytes == 4)
            {
                return "a remaining length over four bytes";
            }

            if (1 + lengthBytes >= stream.Length)
            {
                return null;
            }

            var b = stream[1 + lengthBytes];
            length |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0)
            {
                if (lengthBytes > 1 && b == 0)
                {
                    return "a remaining length in more bytes than it needs";
                }

                break;
            }
        }

        var body = stream[(1 + lengthBytes)..];
        if (type != 3 || length < 2 || body.Length < 2)
        {
            return null;
        }

        var topicLength = (body[0] << 8) | body[1];
        if (topicLength + 2 > length || topicLength + 2 > body.Length)
        {
            return null;
        }

        var topic = body.Slice(2, topicLength);
        if (topic.Contains((byte)0))
        {
            return "a PUBLISH topic with U+0000";
        }

        try
        {
            var text = StrictUtf8.GetString(topic);
            return text.AsSpan().IndexOfAny('+', '#') >= 0 ? "a PUBLISH topic with a wildcard" : null;
        }
        catch (DecoderFallbackException)
        {
            return "a PUBLISH topic that is not well-formed UTF-8";
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
