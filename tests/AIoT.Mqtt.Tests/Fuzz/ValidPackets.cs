using AIoT.Mqtt.Packets;
using static AIoT.Mqtt.Tests.Fuzz.PropertyCatalog;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>Random packets that the spec allows a client to send (and, for the codec fuzz, those a server sends).</summary>
internal static class ValidPackets
{
    /// <summary>What a client sends; CONNACK is among them because a client may wrongly send it, and the broker must refuse it.</summary>
    public static readonly PacketKind[] ClientKinds =
    [
        PacketKind.Connect, PacketKind.ConnAck, PacketKind.Publish0, PacketKind.Publish1, PacketKind.Publish2, PacketKind.PubAck,
        PacketKind.PubRec, PacketKind.PubRel, PacketKind.PubComp, PacketKind.Subscribe, PacketKind.Unsubscribe, PacketKind.PingReq,
        PacketKind.Disconnect, PacketKind.Auth,
    ];

    public static readonly PacketKind[] AllKinds = Enum.GetValues<PacketKind>();

    private static readonly string[] Topics = ["fuzz/a", "fuzz/b/c", "fuzz/ä/ß/€", "fuzz/😀", "fuzz/", "fuzz//x", "fuzz/long/" + new string('t', 300)];

    private static readonly string[] Filters = ["fuzz/#", "fuzz/+/c", "fuzz/a", "$share/g/fuzz/a", "fuzz/+", "+/+/+", "fuzz/ä/#"];

    /// <summary>A packet of that kind; AUTH exists only in 5.0 (in 3.1.1 the bytes F0 00 are returned, which must be refused).</summary>
    public static PacketParts Create(PacketKind kind, MqttProtocolVersion version, Random rng, string clientId)
    {
        var v5 = version == MqttProtocolVersion.V500;
        return kind switch
        {
            PacketKind.Connect => Connect(version, rng, clientId, keepAlive: (ushort)rng.Next(0, 120)),
            PacketKind.ConnAck => new(kind, 0x20, [(byte)rng.Next(2), 0], v5 ? Properties(kind, rng) : null, []),
            PacketKind.Publish0 or PacketKind.Publish1 or PacketKind.Publish2 => Publish(kind, v5, rng),
            PacketKind.PubAck or PacketKind.PubRec or PacketKind.PubRel or PacketKind.PubComp => Ack(kind, v5, rng),
            PacketKind.Subscribe => Subscribe(v5, rng),
            PacketKind.SubAck => new(kind, 0x90, PacketId(rng), v5 ? Properties(kind, rng) : null, [(byte)rng.Next(3)]),
            PacketKind.Unsubscribe => new(kind, 0xA2, PacketId(rng), v5 ? Properties(kind, rng) : null, FilterList(rng)),
            PacketKind.UnsubAck => new(kind, 0xB0, PacketId(rng), v5 ? Properties(kind, rng) : null, v5 ? [0x00] : []),
            PacketKind.PingReq => new(kind, 0xC0, [], null, []),
            PacketKind.PingResp => new(kind, 0xD0, [], null, []),
            PacketKind.Disconnect => v5 && rng.Next(2) == 0 ? new(kind, 0xE0, [0x00], Properties(kind, rng), []) : new(kind, 0xE0, [], null, []),
            _ => v5 ? new(kind, 0xF0, [0x18], Properties(kind, rng), []) : new(kind, 0xF0, [], null, []),
        };
    }

    public static PacketParts Connect(MqttProtocolVersion version, Random rng, string clientId, ushort keepAlive, bool allowWill = true)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var will = allowWill && rng.Next(3) == 0;
        var willQos = will ? rng.Next(3) : 0;
        var willRetain = will && rng.Next(4) == 0;
        var user = rng.Next(3) == 0;
        var password = (v5 || user) && rng.Next(3) == 0;
        var flags = 0x02 | (will ? 0x04 : 0) | (willQos << 3) | (willRetain ? 0x20 : 0) | (password ? 0x40 : 0) | (user ? 0x80 : 0);
        var header = new ByteBuilder().Str("MQTT").U8((byte)version).U8(flags).U16(keepAlive).ToArray();
        var payload = new ByteBuilder().Str(clientId);
        if (will)
        {
            if (v5)
            {
                var willProperties = Pick(WillProperties(rng), rng);
                payload.VarInt((uint)willProperties.Length).Raw(willProperties);
            }

            payload.Str("fuzz/will/" + RandomText(rng, rng.Next(1, 8))).Bin(RandomBytes(rng, rng.Next(0, 32)));
        }

        if (user)
        {
            payload.Str(RandomText(rng, rng.Next(0, 10)));
        }

        if (password)
        {
            payload.Bin(RandomBytes(rng, rng.Next(0, 10)));
        }

        return new(PacketKind.Connect, 0x10, header, v5 ? Properties(PacketKind.Connect, rng) : null, payload.ToArray());
    }

    private static PacketParts Publish(PacketKind kind, bool v5, Random rng)
    {
        var qos = kind - PacketKind.Publish0;
        var dup = qos > 0 && rng.Next(4) == 0;
        var retain = rng.Next(8) == 0;
        var first = (byte)(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0));
        var header = new ByteBuilder().Str(Topics[rng.Next(Topics.Length)]);
        if (qos > 0)
        {
            header.Raw(PacketId(rng));
        }

        var properties = v5 ? Properties(kind, rng) : null;
        if (v5 && rng.Next(4) == 0)
        {
            // A topic alias with the topic sets the alias (3.3.2.3.4); the broker allows 64.
            properties = [.. properties!, .. Prop(35).U16(rng.Next(1, 65)).ToArray()];
        }

        return new(kind, first, header.ToArray(), properties, RandomBytes(rng, rng.Next(0, 64)));
    }

    private static PacketParts Ack(PacketKind kind, bool v5, Random rng)
    {
        var first = kind switch
        {
            PacketKind.PubAck => (byte)0x40,
            PacketKind.PubRec => (byte)0x50,
            PacketKind.PubRel => (byte)0x62,
            _ => (byte)0x70,
        };
        if (!v5 || rng.Next(3) == 0)
        {
            return new(kind, first, PacketId(rng), null, []);
        }

        byte code = kind is PacketKind.PubRel or PacketKind.PubComp ? (rng.Next(2) == 0 ? (byte)0x00 : (byte)0x92) : (byte)(rng.Next(2) == 0 ? 0x00 : 0x10);
        return new(kind, first, [.. PacketId(rng), code], Properties(kind, rng), []);
    }

    private static PacketParts Subscribe(bool v5, Random rng)
    {
        var entries = new ByteBuilder();
        var count = rng.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var filter = Filters[rng.Next(Filters.Length)];
            var options = rng.Next(3);
            if (v5)
            {
                var noLocal = !filter.StartsWith("$share/", StringComparison.Ordinal) && rng.Next(2) == 0;
                options |= (noLocal ? 0x04 : 0) | (rng.Next(2) << 3) | (rng.Next(3) << 4);
            }

            entries.Str(filter).U8(options);
        }

        return new(PacketKind.Subscribe, 0x82, PacketId(rng), v5 ? Properties(PacketKind.Subscribe, rng) : null, entries.ToArray());
    }

    private static byte[] FilterList(Random rng)
    {
        var list = new ByteBuilder();
        var count = rng.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            list.Str(Filters[rng.Next(Filters.Length)]);
        }

        return list.ToArray();
    }

    /// <summary>A random subset of the packet's valid properties, each once, plus a few user properties.</summary>
    public static byte[] Properties(PacketKind kind, Random rng)
    {
        var section = new ByteBuilder();
        foreach (var (_, property) in ClientProperties(kind, rng))
        {
            if (rng.Next(2) == 0)
            {
                section.Raw(property);
            }
        }

        var users = rng.Next(0, 3);
        for (var i = 0; i < users; i++)
        {
            section.Raw(User(RandomText(rng, rng.Next(1, 8)), RandomText(rng, rng.Next(0, 8))));
        }

        return section.ToArray();
    }

    public static byte[] PacketId(Random rng) => new ByteBuilder().U16(rng.Next(1, 65536)).ToArray();

    private static byte[] Pick(IEnumerable<byte[]> properties, Random rng) => [.. properties.Where(_ => rng.Next(2) == 0).SelectMany(p => p)];
}
