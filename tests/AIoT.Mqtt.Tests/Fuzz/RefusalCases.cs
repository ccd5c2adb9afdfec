using AIoT.Mqtt.Packets;
using static AIoT.Mqtt.Tests.Fuzz.PropertyCatalog;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>A packet made to break one rule the spec says must be refused; <see cref="InCodec"/> when the codec alone can tell.</summary>
internal sealed record RefusalCase(byte[] Bytes, Refusal Refusal, FuzzContext Context, bool InCodec = true);

/// <summary>Targeted breakages, each refused by the spec: the oracle's list beyond what random mutations hit by chance.</summary>
internal static class RefusalCases
{
    private static readonly byte[][] IllFormedUtf8 =
    [
        [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF], [0xC0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x61, 0x00, 0x62], [0xF4, 0x90, 0x80, 0x80],
    ];

    private static readonly string[] WildcardTopics = ["fuzz/+/x", "fuzz/#", "#", "+", "fuzz+", "a/#/b"];

    /// <summary>Properties a client may put in each packet (5.0 table 2-4 and sections 3.x.2.2).</summary>
    private static readonly Dictionary<PacketKind, byte[]> AllowedIds = new()
    {
        [PacketKind.Connect] = [17, 33, 39, 34, 25, 23, 38, 21, 22],
        // Not 11: only a server puts a subscription identifier in a PUBLISH (MQTT-3.3.4-6).
        [PacketKind.Publish0] = [1, 2, 3, 8, 9, 35, 38],
        [PacketKind.PubAck] = [31, 38],
        [PacketKind.Subscribe] = [11, 38],
        [PacketKind.Unsubscribe] = [38],
        [PacketKind.Disconnect] = [17, 31, 38, 28],
    };

    public static RefusalCase Create(Random rng, MqttProtocolVersion version, string clientId)
    {
        var v5 = version == MqttProtocolVersion.V500;
        PacketParts Make(PacketKind kind) => ValidPackets.Create(kind, version, rng, clientId);
        PacketParts InSessionPacket() => Make(SessionKinds[rng.Next(SessionKinds.Length)]);
        var choice = rng.Next(v5 ? 18 : 12);
        switch (choice)
        {
            case 0:
                // PUBLISH's flags are not reserved; every other packet's are.
                var packet = Make(FixedFlagKinds[rng.Next(FixedFlagKinds.Length)]);
                var expected = packet.First & 0x0F;
                var wrong = (expected + rng.Next(1, 16)) & 0x0F;
                var flagged = packet.Encode();
                flagged[0] = (byte)((packet.First & 0xF0) | wrong);
                return new(flagged, new("reserved flag bits", Refusal.Malformed), FuzzContext.InSession);
            case 1:
                return new(Publish(IllFormedUtf8[rng.Next(IllFormedUtf8.Length)], v5, rng), new("a PUBLISH topic that is not well-formed UTF-8 or has U+0000", Refusal.Malformed), FuzzContext.InSession);
            case 2:
                return new(Publish(System.Text.Encoding.UTF8.GetBytes(WildcardTopics[rng.Next(WildcardTopics.Length)]), v5, rng), new("a wildcard in a PUBLISH topic", Refusal.TopicNameInvalid, Refusal.ProtocolError), FuzzContext.InSession);
            case 3:
                var qos3 = Make(PacketKind.Publish1);
                return new((qos3 with { First = (byte)(qos3.First | 0x06) }).Encode(), new("PUBLISH with QoS 3", Refusal.Malformed), FuzzContext.InSession);
            case 4:
                return new(Subscribe(new ByteBuilder().Str("fuzz/#").U8(0x03).ToArray(), v5, rng), new("a subscription asking QoS 3", Refusal.ProtocolError), FuzzContext.InSession);
            case 5:
                return new(Subscribe(new ByteBuilder().Bin(IllFormedUtf8[rng.Next(IllFormedUtf8.Length)]).U8(0x01).ToArray(), v5, rng), new("a topic filter that is not well-formed UTF-8 or has U+0000", Refusal.Malformed), FuzzContext.InSession);
            case 6:
                return new(InSessionPacket().Encode(), new("a packet before CONNECT"), FuzzContext.BeforeConnect, InCodec: false);
            case 7:
                return new(ValidPackets.Connect(version, rng, clientId + "-again", 10).Encode(), new("a second CONNECT", Refusal.ProtocolError), FuzzContext.InSession, InCodec: false);
            case 8:
                var (five, fiveContext) = Either(rng, version, clientId);
                return new(Mutations.Apply(Mutation.LengthFiveBytes, five, rng), new("a remaining length over four bytes", Refusal.Malformed), fiveContext);
            case 9:
                var (padded, paddedContext) = Either(rng, version, clientId);
                return new(Mutations.Apply(Mutation.LengthNonMinimal, padded, rng), new("a remaining length in more bytes than it needs", Refusal.Malformed), paddedContext);
            case 10:
                // Longer than all that follows: the packet never completes, so nothing in the stream may be answered.
                var (longer, longerContext) = Either(rng, version, clientId);
                var body = longer.Body();
                var lie = (uint)Math.Min(268_435_455, body.Length + 64 + rng.Next(0, 1 << 20));
                return new(Mutations.WithLength(longer.First, ByteBuilder.EncodeVarInt(lie), body), new("a remaining length longer than the packet", Refusal.PacketTooLarge), longerContext);
            case 11:
                // Shorter than the packet, where any cut breaks the packet's last field (or removes its only entry,
                // leaving a SUBSCRIBE or UNSUBSCRIBE with none: a Protocol Error, 3.8.3 and 3.10.3).
                var (shorter, shorterContext) = rng.Next(3) switch
                {
                    0 => (ValidPackets.Connect(version, rng, clientId, 10), FuzzContext.BeforeConnect),
                    1 => (SingleEntry(Make(PacketKind.Subscribe)), FuzzContext.InSession),
                    _ => (SingleEntry(Make(PacketKind.Unsubscribe)), FuzzContext.InSession),
                };
                var whole = shorter.Body();
                var cut = rng.Next(1, Math.Min(8, whole.Length) + 1);
                return new(Mutations.WithLength(shorter.First, ByteBuilder.EncodeVarInt((uint)(whole.Length - cut)), whole[..^cut]), new("a remaining length shorter than the packet", Refusal.Malformed, Refusal.ProtocolError), shorterContext);
            case 12:
                var (unknown, unknownContext) = WithProperties(rng, version, clientId);
                var id = Mutations.UnknownId(rng);
                return new(AddProperty(unknown, WithValue(id, (PropertyType)rng.Next(7), rng)), new($"unknown property id {Convert.ToHexString(id)}", Refusal.Malformed), unknownContext);
            case 13:
                var (misplaced, misplacedContext) = WithProperties(rng, version, clientId);
                var allowed = AllowedIds[misplaced.Kind is PacketKind.Publish1 or PacketKind.Publish2 ? PacketKind.Publish0 : misplaced.Kind is PacketKind.PubRec or PacketKind.PubRel or PacketKind.PubComp ? PacketKind.PubAck : misplaced.Kind];
                var notAllowed = Types.Keys.Where(k => !allowed.Contains(k)).ToArray();
                var misplacedId = notAllowed[rng.Next(notAllowed.Length)];
                return new(AddProperty(misplaced, WithValue([misplacedId], Types[misplacedId], rng)), new($"property {misplacedId} in {misplaced.Kind}", MisplacedCode(misplacedId, misplaced.Kind)), misplacedContext,
                    InCodec: MisplacedCode(misplacedId, misplaced.Kind) == Refusal.Malformed);
            case 14:
                var (past, pastContext) = WithProperties(rng, version, clientId);
                // A user property (7 bytes) may repeat, so cutting 1 to 4 of its bytes off the section breaks nothing else.
                var value = User("k", "v");
                var properties = (byte[])[.. past.Properties!, .. value];
                var lied = new ByteBuilder().Raw(past.BeforeProperties).VarInt((uint)(properties.Length - rng.Next(1, 5))).Raw(properties).Raw(past.AfterProperties).ToArray();
                return new(Mutations.WithLength(past.First, ByteBuilder.EncodeVarInt((uint)lied.Length), lied), new("a property running past the property length", Refusal.Malformed), pastContext);
            case 15:
                var (text, textContext) = WithProperties(rng, version, clientId);
                var bad = IllFormedUtf8[rng.Next(IllFormedUtf8.Length)];
                return new(AddProperty(text, Prop(UserProperty).Bin(bad).Str("v").ToArray()), new("a user property name that is not well-formed UTF-8 or has U+0000", Refusal.Malformed), textContext);
            case 16:
                var publish = Make(PacketKind.Publish0 + rng.Next(3));
                return new(AddProperty(publish, Prop(SubscriptionIdentifier).VarInt((uint)rng.Next(1, 268_435_456)).ToArray()), new("a subscription identifier in a client's PUBLISH", Refusal.ProtocolError), FuzzContext.InSession, InCodec: false);
            default:
                var (twice, twiceContext) = WithProperties(rng, version, clientId, ownOnceOnly: true);
                var own = ClientProperties(twice.Kind, rng).ToArray();
                var (onceOnly, property) = own[rng.Next(own.Length)];
                return new(AddProperty(twice, [.. property, .. property]), new($"property {onceOnly} twice in {twice.Kind}", Refusal.ProtocolError), twiceContext);
        }
    }

    /// <summary>
    /// A property the packet may not carry (2.2.2.2 says Malformed Packet), but for a subscription identifier in
    /// PUBLISH: the packet may carry one, only not from a client, a Protocol Error (MQTT-3.3.4-6).
    /// </summary>
    private static byte MisplacedCode(byte id, PacketKind kind) =>
        id == SubscriptionIdentifier && kind is PacketKind.Publish0 or PacketKind.Publish1 or PacketKind.Publish2 ? Refusal.ProtocolError : Refusal.Malformed;

    /// <summary>Every packet a client sends after CONNECT (CONNACK too: a client must not send it, and it is refused).</summary>
    public static readonly PacketKind[] SessionKinds = [.. ValidPackets.ClientKinds.Where(k => k != PacketKind.Connect)];

    private static readonly PacketKind[] FixedFlagKinds = [.. SessionKinds.Where(k => k is not (PacketKind.Publish0 or PacketKind.Publish1 or PacketKind.Publish2))];

    private static (PacketParts, FuzzContext) Either(Random rng, MqttProtocolVersion version, string clientId) =>
        rng.Next(3) == 0
            ? (ValidPackets.Connect(version, rng, clientId, 10), FuzzContext.BeforeConnect)
            : (ValidPackets.Create(SessionKinds[rng.Next(SessionKinds.Length)], version, rng, clientId), FuzzContext.InSession);

    /// <summary>
    /// A 5.0 packet with a property section, one the broker would accept as it is (AUTH and CONNACK are refused anyway);
    /// with <paramref name="ownOnceOnly"/>, of a kind that has properties that may appear once.
    /// </summary>
    private static (PacketParts, FuzzContext) WithProperties(Random rng, MqttProtocolVersion version, string clientId, bool ownOnceOnly = false)
    {
        while (true)
        {
            var kind = AllowedIds.Keys.ElementAt(rng.Next(AllowedIds.Count));
            if (kind == PacketKind.Publish0)
            {
                kind = PacketKind.Publish0 + rng.Next(3);
            }

            var packet = kind == PacketKind.Connect ? ValidPackets.Connect(version, rng, clientId, 10) : ValidPackets.Create(kind, version, rng, clientId);
            if (packet.Properties is not null && (!ownOnceOnly || ClientProperties(packet.Kind, rng).Any()))
            {
                return (packet, kind == PacketKind.Connect ? FuzzContext.BeforeConnect : FuzzContext.InSession);
            }
        }
    }

    private static byte[] AddProperty(PacketParts packet, byte[] property) => (packet with { Properties = [.. property, .. packet.Properties!] }).Encode();

    private static byte[] Publish(byte[] topic, bool v5, Random rng)
    {
        var qos = rng.Next(3);
        var header = new ByteBuilder().Bin(topic);
        if (qos > 0)
        {
            header.Raw(ValidPackets.PacketId(rng));
        }

        return new PacketParts(PacketKind.Publish0 + qos, (byte)(0x30 | (qos << 1)), header.ToArray(), v5 ? [] : null, [1, 2, 3]).Encode();
    }

    private static byte[] Subscribe(byte[] entry, bool v5, Random rng) =>
        new PacketParts(PacketKind.Subscribe, 0x82, ValidPackets.PacketId(rng), v5 ? [] : null, entry).Encode();

    /// <summary>The packet with only its first subscription or filter, so that any cut breaks it.</summary>
    private static PacketParts SingleEntry(PacketParts packet)
    {
        var after = packet.AfterProperties;
        var first = 2 + ((after[0] << 8) | after[1]) + (packet.Kind == PacketKind.Subscribe ? 1 : 0);
        return packet with { AfterProperties = after[..first] };
    }
}
