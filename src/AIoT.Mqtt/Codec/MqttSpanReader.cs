using System.Buffers.Binary;
using System.Text;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Codec;

/// <summary>Reads MQTT data types from one packet's bytes; anything short or invalid is a malformed packet.</summary>
internal ref struct MqttSpanReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        Need(1, "a byte");
        return _data[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "a two-byte integer");
        var value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4, "a four-byte integer");
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public uint ReadVariableByteInteger()
    {
        uint value = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = ReadByte();
            value |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return b != 0 || i == 0
                    ? value
                    : throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "A variable byte integer is not encoded in its fewest bytes.");
            }
        }

        throw new MqttProtocolException(MqttReasonCode.MalformedPacket, "A variable byte integer is longer than four bytes.");
    }

    /// <summary>A UTF-8 string: well-formed, and without U+0000 (sections 1.5.4).</summary>
    public string ReadString(string what)
    {
        var bytes = ReadBinarySpan(what);
        if (bytes.Contains((byte)0))
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"{what} contains the null character U+0000.");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"{what} is not well-formed UTF-8.");
        }
    }

    public byte[] ReadBinary(string what) => ReadBinarySpan(what).ToArray();

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _data[_position..];
        _position = _data.Length;
        return rest;
    }

    private ReadOnlySpan<byte> ReadBinarySpan(string what)
    {
        var length = ReadUInt16();
        Need(length, what);
        var bytes = _data.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private readonly void Need(int count, string what)
    {
        if (Remaining < count)
        {
            throw new MqttProtocolException(MqttReasonCode.MalformedPacket, $"The packet ends before {what}.");
        }
    }
}
