using System.Buffers.Binary;
using System.Text;

namespace AIoT.Benchmarks.Load;

/// <summary>The few MQTT 3.1.1 packets the load connections write and read, encoded by hand.</summary>
internal static class MqttPackets
{
    public const byte PublishType = 0x30;
    public const byte PubAckType = 0x40;

    public static ReadOnlyMemory<byte> Disconnect { get; } = new byte[] { 0xE0, 0x00 };

    /// <summary>CONNECT with a clean session and a keep-alive of 60 s.</summary>
    public static byte[] Connect(string clientId, string? user, string? password)
    {
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add(4);
        byte flags = 0x02;
        if (user is not null)
        {
            flags |= 0x80;
        }

        if (password is not null)
        {
            flags |= 0x40;
        }

        body.Add(flags);
        body.Add(0);
        body.Add(60);
        AddString(body, clientId);
        if (user is not null)
        {
            AddString(body, user);
        }

        if (password is not null)
        {
            AddString(body, password);
        }

        Span<byte> header = stackalloc byte[5];
        header[0] = 0x10;
        var headerLength = 1 + WriteRemainingLength(header[1..], body.Count);
        var packet = new byte[headerLength + body.Count];
        header[..headerLength].CopyTo(packet);
        body.CopyTo(packet, headerLength);
        return packet;
    }

    /// <summary>Writes a QoS 1 PUBLISH into the buffer; returns its length.</summary>
    public static int WritePublish(Span<byte> buffer, string topic, string payload, ushort id)
    {
        var topicBytes = Encoding.UTF8.GetByteCount(topic);
        var payloadBytes = Encoding.UTF8.GetByteCount(payload);
        buffer[0] = PublishType | 0x02;
        var p = 1 + WriteRemainingLength(buffer[1..], 2 + topicBytes + 2 + payloadBytes);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[p..], (ushort)topicBytes);
        p += 2;
        p += Encoding.UTF8.GetBytes(topic, buffer[p..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[p..], id);
        p += 2;
        p += Encoding.UTF8.GetBytes(payload, buffer[p..]);
        return p;
    }

    /// <summary>
    /// Finds the first whole packet in what was read: its type (the high nibble of its first byte) and where its body
    /// starts and ends. False while the packet is still incomplete.
    /// </summary>
    public static bool TryReadPacket(ReadOnlySpan<byte> read, out byte type, out int bodyStart, out int bodyLength)
    {
        type = 0;
        bodyStart = 0;
        bodyLength = 0;
        if (read.Length < 2)
        {
            return false;
        }

        int length = 0, multiplier = 1, q = 1;
        while (q < read.Length)
        {
            var b = read[q++];
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) == 0)
            {
                if (read.Length - q < length)
                {
                    return false;
                }

                type = (byte)(read[0] & 0xF0);
                bodyStart = q;
                bodyLength = length;
                return true;
            }
        }

        return false;
    }

    private static int WriteRemainingLength(Span<byte> to, int length)
    {
        var p = 0;
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            to[p++] = length > 0 ? (byte)(b | 0x80) : b;
        }
        while (length > 0);

        return p;
    }

    private static void AddString(List<byte> to, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        to.Add((byte)(bytes.Length >> 8));
        to.Add((byte)bytes.Length);
        to.AddRange(bytes);
    }
}
