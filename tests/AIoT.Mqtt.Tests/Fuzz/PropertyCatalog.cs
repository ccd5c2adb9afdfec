namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>MQTT 5.0 properties (section 2.2.2.2) as the fuzzer knows them: each identifier's data type, and valid values.</summary>
internal static class PropertyCatalog
{
    public enum PropertyType
    {
        Byte,
        UInt16,
        UInt32,
        VarInt,
        Utf8,
        Binary,
        Utf8Pair,
    }

    public static readonly IReadOnlyDictionary<byte, PropertyType> Types = new Dictionary<byte, PropertyType>
    {
        [1] = PropertyType.Byte, [2] = PropertyType.UInt32, [3] = PropertyType.Utf8, [8] = PropertyType.Utf8, [9] = PropertyType.Binary,
        [11] = PropertyType.VarInt, [17] = PropertyType.UInt32, [18] = PropertyType.Utf8, [19] = PropertyType.UInt16, [21] = PropertyType.Utf8,
        [22] = PropertyType.Binary, [23] = PropertyType.Byte, [24] = PropertyType.UInt32, [25] = PropertyType.Byte, [26] = PropertyType.Utf8,
        [28] = PropertyType.Utf8, [31] = PropertyType.Utf8, [33] = PropertyType.UInt16, [34] = PropertyType.UInt16, [35] = PropertyType.UInt16,
        [36] = PropertyType.Byte, [37] = PropertyType.Byte, [38] = PropertyType.Utf8Pair, [39] = PropertyType.UInt32, [40] = PropertyType.Byte,
        [41] = PropertyType.Byte, [42] = PropertyType.Byte,
    };

    public const byte SubscriptionIdentifier = 11;

    public const byte UserProperty = 38;

    /// <summary>Identifiers no version of the spec defines.</summary>
    public static readonly byte[] UnknownIds = [0, 4, 5, 6, 7, 10, 12, 13, 14, 15, 16, 20, 27, 29, 30, 32, 43, 64, 100, 127];

    /// <summary>Properties a client may send in each packet, each with a valid value (those that may appear once).</summary>
    public static IEnumerable<(byte Id, byte[] Property)> ClientProperties(PacketKind kind, Random rng)
    {
        switch (kind)
        {
            case PacketKind.Connect:
                yield return (17, Prop(17).U32(0).ToArray()); // session expiry 0: the session ends with the connection
                yield return (33, Prop(33).U16(rng.Next(1, 65536)).ToArray());
                yield return (39, Prop(39).U32((uint)rng.Next(1 << 16, int.MaxValue)).ToArray());
                yield return (34, Prop(34).U16(rng.Next(0, 100)).ToArray());
                yield return (25, Prop(25).U8(rng.Next(2)).ToArray());
                yield return (23, Prop(23).U8(rng.Next(2)).ToArray());
                break;
            case PacketKind.Publish0 or PacketKind.Publish1 or PacketKind.Publish2:
                yield return (1, Prop(1).U8(0).ToArray());
                yield return (2, Prop(2).U32((uint)rng.Next(1, 3600)).ToArray());
                yield return (3, Prop(3).Str("text/plain").ToArray());
                yield return (8, Prop(8).Str("fuzz/reply").ToArray());
                yield return (9, Prop(9).Bin(RandomBytes(rng, rng.Next(0, 16))).ToArray());
                break;
            case PacketKind.PubAck or PacketKind.PubRec or PacketKind.PubRel or PacketKind.PubComp or PacketKind.Disconnect or PacketKind.ConnAck:
                yield return (31, Prop(31).Str("fuzz reason").ToArray());
                break;
            case PacketKind.Subscribe:
                yield return (11, Prop(11).VarInt((uint)rng.Next(1, 268_435_455)).ToArray());
                break;
            case PacketKind.Auth:
                yield return (21, Prop(21).Str("SCRAM-SHA-1").ToArray());
                yield return (22, Prop(22).Bin(RandomBytes(rng, 8)).ToArray());
                break;
        }
    }

    /// <summary>The will's properties (3.1.3.2).</summary>
    public static IEnumerable<byte[]> WillProperties(Random rng)
    {
        yield return Prop(24).U32((uint)rng.Next(0, 5)).ToArray();
        yield return Prop(1).U8(1).ToArray();
        yield return Prop(2).U32(60).ToArray();
        yield return Prop(3).Str("text/plain").ToArray();
        yield return Prop(8).Str("fuzz/will/reply").ToArray();
        yield return Prop(9).Bin([1, 2, 3]).ToArray();
    }

    public static byte[] User(string name, string value) => Prop(UserProperty).Str(name).Str(value).ToArray();

    /// <summary>A property of the given id carrying a value of the given type, right or wrong for the id.</summary>
    public static byte[] WithValue(ReadOnlySpan<byte> id, PropertyType type, Random rng)
    {
        var b = new ByteBuilder().Raw(id);
        return (type switch
        {
            PropertyType.Byte => b.U8(rng.Next(256)),
            PropertyType.UInt16 => b.U16(rng.Next(65536)),
            PropertyType.UInt32 => b.U32((uint)rng.NextInt64(uint.MaxValue)),
            PropertyType.VarInt => b.VarInt((uint)rng.Next(268_435_456)),
            PropertyType.Utf8 => b.Str(RandomText(rng, rng.Next(0, 12))),
            PropertyType.Binary => b.Bin(RandomBytes(rng, rng.Next(0, 12))),
            _ => b.Str(RandomText(rng, rng.Next(0, 6))).Str(RandomText(rng, rng.Next(0, 6))),
        }).ToArray();
    }

    public static ByteBuilder Prop(byte id) => new ByteBuilder().U8(id);

    public static byte[] RandomBytes(Random rng, int count)
    {
        var bytes = new byte[count];
        rng.NextBytes(bytes);
        return bytes;
    }

    public static string RandomText(Random rng, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_äöüß€😀";
        var chars = new System.Text.StringBuilder(length);
        while (chars.Length < length)
        {
            var i = rng.Next(alphabet.Length);
            if (char.IsHighSurrogate(alphabet[i]))
            {
                chars.Append(alphabet, i, 2);
            }
            else if (!char.IsLowSurrogate(alphabet[i]))
            {
                chars.Append(alphabet[i]);
            }
        }

        return chars.ToString();
    }
}
