using System.Text;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>The fuzzer's own encoder of MQTT data types, written apart from the codec under test.</summary>
internal sealed class ByteBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public ByteBuilder U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public ByteBuilder U16(int value) => U8(value >> 8).U8(value);

    public ByteBuilder U32(uint value) => U16((int)(value >> 16)).U16((int)(value & 0xFFFF));

    public ByteBuilder VarInt(uint value)
    {
        _bytes.AddRange(EncodeVarInt(value));
        return this;
    }

    public ByteBuilder Str(string value) => Bin(Encoding.UTF8.GetBytes(value));

    public ByteBuilder Bin(ReadOnlySpan<byte> value)
    {
        U16(value.Length);
        return Raw(value);
    }

    public ByteBuilder Raw(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            _bytes.Add(b);
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public static byte[] EncodeVarInt(uint value)
    {
        var result = new List<byte>(4);
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            result.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
        return [.. result];
    }
}
