using static AIoT.Mqtt.Tests.Fuzz.PropertyCatalog;

namespace AIoT.Mqtt.Tests.Fuzz;

internal enum Mutation
{
    None,
    BitFlips,
    InsertBytes,
    DeleteBytes,
    Truncate,
    TruncateBody,
    LengthLonger,
    LengthShorter,
    LengthFiveBytes,
    LengthNonMinimal,
    ManyUserProperties,
    DuplicatedProperties,
    RepeatedProperties,
    UnknownPropertyIds,
    WrongPropertyTypes,
    HugeUserProperty,
    PropertyLengthLie,
    JunkProperties,
}

/// <summary>Breaks a valid packet in one way; property storms need a packet with a property section (5.0).</summary>
internal static class Mutations
{
    public static readonly Mutation[] OnBytes =
    [
        Mutation.BitFlips, Mutation.InsertBytes, Mutation.DeleteBytes, Mutation.Truncate, Mutation.TruncateBody, Mutation.LengthLonger,
        Mutation.LengthShorter, Mutation.LengthFiveBytes, Mutation.LengthNonMinimal,
    ];

    public static readonly Mutation[] OnProperties =
    [
        Mutation.ManyUserProperties, Mutation.DuplicatedProperties, Mutation.RepeatedProperties, Mutation.UnknownPropertyIds, Mutation.WrongPropertyTypes,
        Mutation.HugeUserProperty, Mutation.PropertyLengthLie, Mutation.JunkProperties,
    ];

    public static byte[] Apply(Mutation mutation, PacketParts packet, Random rng)
    {
        var bytes = packet.Encode();
        var body = packet.Body();
        switch (mutation)
        {
            case Mutation.None:
                return bytes;
            case Mutation.BitFlips:
                var flipped = bytes.ToArray();
                var flips = rng.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return flipped;
            case Mutation.InsertBytes:
                var at = rng.Next(bytes.Length + 1);
                return [.. bytes[..at], .. RandomBytes(rng, rng.Next(1, 5)), .. bytes[at..]];
            case Mutation.DeleteBytes:
                var from = rng.Next(bytes.Length);
                return [.. bytes[..from], .. bytes[Math.Min(bytes.Length, from + rng.Next(1, 5))..]];
            case Mutation.Truncate:
                return bytes[..rng.Next(1, bytes.Length)];
            case Mutation.TruncateBody:
                return WithLength(packet.First, ByteBuilder.EncodeVarInt((uint)(body.Length == 0 ? 0 : rng.Next(body.Length))), body.Length == 0 ? body : body[..rng.Next(body.Length)]);
            case Mutation.LengthLonger:
                return WithLength(packet.First, ByteBuilder.EncodeVarInt((uint)Math.Min(268_435_455L, body.Length + LengthLie(rng))), body);
            case Mutation.LengthShorter:
                return WithLength(packet.First, ByteBuilder.EncodeVarInt((uint)Math.Max(0, body.Length - rng.Next(1, 8))), body);
            case Mutation.LengthFiveBytes:
                return WithLength(packet.First, FiveByteLength(body.Length, rng), body);
            case Mutation.LengthNonMinimal:
                return WithLength(packet.First, NonMinimal(ByteBuilder.EncodeVarInt((uint)body.Length), rng), body);
        }

        if (packet.Properties is null)
        {
            return Apply(OnBytes[rng.Next(OnBytes.Length)], packet, rng);
        }

        var properties = mutation switch
        {
            Mutation.ManyUserProperties => Storm(rng.Next(1000, 5001), _ => User("k", RandomText(rng, rng.Next(0, 3)))),
            Mutation.DuplicatedProperties => Duplicates(packet, rng),
            Mutation.RepeatedProperties => Repeats(rng),
            Mutation.UnknownPropertyIds => Storm(rng.Next(1, 50), _ => WithValue(UnknownId(rng), (PropertyType)rng.Next(7), rng)),
            Mutation.WrongPropertyTypes => Storm(rng.Next(1, 20), _ => WrongType(rng)),
            Mutation.HugeUserProperty => User(new string('n', rng.Next(1, 65_536)), new string('v', rng.Next(0, 65_536))),
            _ => RandomBytes(rng, rng.Next(1, 200)),
        };
        var stormed = packet with { Properties = rng.Next(2) == 0 ? [.. packet.Properties, .. properties] : [.. properties, .. packet.Properties] };
        if (mutation != Mutation.PropertyLengthLie)
        {
            return stormed.Encode();
        }

        // The property length says more or less than the properties hold.
        var lie = (uint)Math.Max(0, stormed.Properties!.Length + rng.Next(-8, 9));
        var lied = new ByteBuilder().Raw(stormed.BeforeProperties).VarInt(lie).Raw(stormed.Properties).Raw(stormed.AfterProperties).ToArray();
        return WithLength(packet.First, ByteBuilder.EncodeVarInt((uint)lied.Length), lied);
    }

    public static byte[] WithLength(byte first, byte[] length, byte[] body) => [first, .. length, .. body];

    /// <summary>Four bytes with the continuation bit, then a fifth: a remaining length no packet may have.</summary>
    public static byte[] FiveByteLength(int value, Random rng) =>
        [(byte)(0x80 | (value & 0x7F)), (byte)(0x80 | ((value >> 7) & 0x7F)), (byte)(0x80 | ((value >> 14) & 0x7F)), (byte)(0x80 | rng.Next(128)), (byte)rng.Next(256)];

    /// <summary>The same value in more bytes than it needs (trailing 0x80 … 0x00 groups), at most four bytes.</summary>
    public static byte[] NonMinimal(byte[] minimal, Random rng)
    {
        if (minimal.Length == 4)
        {
            return FiveByteLength(0, rng);
        }

        var extra = rng.Next(1, 5 - minimal.Length);
        var padded = minimal.ToList();
        padded[^1] |= 0x80;
        for (var i = 1; i < extra; i++)
        {
            padded.Add(0x80);
        }

        padded.Add(0x00);
        return [.. padded];
    }

    private static long LengthLie(Random rng) => rng.Next(4) switch
    {
        0 => rng.Next(1, 4),
        1 => rng.Next(4, 200),
        2 => rng.Next(200, 1 << 20),
        _ => 268_435_455,
    };

    private static byte[] Storm(int count, Func<int, byte[]> property)
    {
        var storm = new ByteBuilder();
        for (var i = 0; i < count; i++)
        {
            storm.Raw(property(i));
        }

        return storm.ToArray();
    }

    /// <summary>
    /// One of the packet's own once-only properties, valid, at least twice (with more of them): a Protocol Error and
    /// nothing else. A packet with none of its own (UNSUBSCRIBE) gets <see cref="Repeats"/> instead.
    /// </summary>
    private static byte[] Duplicates(PacketParts packet, Random rng)
    {
        var own = ClientProperties(packet.Kind, rng).Select(p => p.Property).ToArray();
        if (own.Length == 0)
        {
            return Repeats(rng);
        }

        var twice = own[rng.Next(own.Length)];
        return [.. twice, .. twice, .. Storm(rng.Next(0, 48), _ => own[rng.Next(own.Length)])];
    }

    /// <summary>Any known properties with values of their types, many times: refused when one other than User Property repeats.</summary>
    private static byte[] Repeats(Random rng) =>
        Storm(rng.Next(2, 50), _ => { var id = Types.Keys.ElementAt(rng.Next(Types.Count)); return WithValue([id], Types[id], rng); });

    private static byte[] WrongType(Random rng)
    {
        var id = Types.Keys.ElementAt(rng.Next(Types.Count));
        var type = (PropertyType)rng.Next(7);
        return WithValue([id], type == Types[id] ? (PropertyType)(((int)type + 1) % 7) : type, rng);
    }

    /// <summary>An identifier the spec does not define: one byte, or a longer variable byte integer (258 = 0x82 0x02 …).</summary>
    public static byte[] UnknownId(Random rng) => rng.Next(3) switch
    {
        0 => ByteBuilder.EncodeVarInt((uint)(rng.Next(1, 4) * 256 + Types.Keys.ElementAt(rng.Next(Types.Count)))),
        1 => ByteBuilder.EncodeVarInt((uint)rng.Next(128, 268_435_456)),
        _ => [UnknownIds[rng.Next(UnknownIds.Length)]],
    };
}
