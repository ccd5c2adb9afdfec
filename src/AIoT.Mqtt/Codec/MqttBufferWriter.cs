using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AIoT.Mqtt.Codec;

/// <summary>Writes MQTT data types into a growable scratch buffer.</summary>
internal sealed class MqttBufferWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Clear() => _buffer.ResetWrittenCount();

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteVariableByteInteger(uint value) => _buffer.Advance(WriteVariableByteInteger(_buffer.GetSpan(4), value));

    public static int WriteVariableByteInteger(Span<byte> destination, uint value)
    {
        if (value > 268_435_455)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A variable byte integer holds at most 268,435,455.");
        }

        var i = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);
        return i;
    }

    public static int VariableByteIntegerSize(uint value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A string of {length} UTF-8 bytes is longer than MQTT's 65,535.", nameof(value));
        }

        WriteUInt16((ushort)length);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Binary data of {value.Length} bytes is longer than MQTT's 65,535.", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> value) => _buffer.Write(value);
}
