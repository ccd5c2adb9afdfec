using AIoT.Mqtt.Packets;
using static AIoT.Mqtt.Tests.Fuzz.PropertyCatalog;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>
/// How bytes are sent: at once, or dribbled a few bytes at a time; a stalling writer then goes quiet mid-packet, a
/// slow writer keeps dribbling bytes of a packet that never ends.
/// </summary>
internal enum Pace
{
    AtOnce,
    Dribble,
    DribbleThenStall,
    DribbleForever,
}

/// <summary>
/// One connection's worth of fuzz: an optional CONNECT the broker accepts first, then the fuzzed packet, a few valid
/// packets after it and a PINGREQ probe (its PINGRESP says the broker read everything before it as whole packets).
/// </summary>
internal sealed record BrokerFuzzCase(
    int Index,
    MqttProtocolVersion Version,
    FuzzContext Context,
    bool OverStream,
    Pace Pace,
    byte[]? Connect,
    byte[] Stream,
    string Description,
    Refusal? MustRefuse,
    bool MustAnswer = false)
{
    /// <summary>What the broker takes from a client in a session; a stream of only these, unbroken, must reach the probe.</summary>
    private static readonly PacketKind[] AcceptedKinds =
    [
        PacketKind.Publish0, PacketKind.Publish1, PacketKind.Publish2, PacketKind.PubAck, PacketKind.PubRec, PacketKind.PubRel,
        PacketKind.PubComp, PacketKind.Subscribe, PacketKind.Unsubscribe, PacketKind.PingReq,
    ];

    public static readonly byte[] Probe = [0xC0, 0x00];

    /// <summary>The keep-alive of a session whose writer stalls or dribbles forever; the CONNECT timeout is as long.</summary>
    public const ushort SlowKeepAlive = 1;

    /// <summary>
    /// The broker must close the connection by itself: the stream breaks a rule in bytes the broker has whole, or a
    /// writer stalls or dribbles a packet that never ends (closed by the CONNECT timeout or 1.5 × the keep-alive,
    /// which only whole packets reset: 3.1.2.10).
    /// </summary>
    public bool BrokerCloses => Pace is Pace.DribbleThenStall or Pace.DribbleForever || (MustRefuse is not null && RefusalOracle.IsWhole(Stream));

    /// <summary>Whether the broker can say why it refuses: a 5.0 session is open (before CONNACK, and in 3.1.1, it can only close).</summary>
    public bool BrokerExplains => Version == MqttProtocolVersion.V500 && Context == FuzzContext.InSession;

    public static BrokerFuzzCase Create(int seed, int index)
    {
        var rng = FuzzSettings.ForCase(seed, index);
        var version = rng.Next(2) == 0 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        var v5 = version == MqttProtocolVersion.V500;
        var overStream = rng.Next(4) == 0;
        var clientId = $"fz-{index}";
        var roll = rng.Next(100);
        if (roll < 3)
        {
            // A stalling writer: a whole packet but its last bytes, dribbled, then nothing.
            var context = rng.Next(2) == 0 ? FuzzContext.BeforeConnect : FuzzContext.InSession;
            var kind = context == FuzzContext.BeforeConnect ? PacketKind.Connect : RefusalCases.SessionKinds[rng.Next(RefusalCases.SessionKinds.Length)];
            var packet = ValidPackets.Create(kind, version, rng, clientId).Encode();
            return new(index, version, context, overStream, Pace.DribbleThenStall, SessionConnect(context, version, rng, clientId, SlowKeepAlive),
                packet[..rng.Next(1, packet.Length)], $"{kind} cut short, then silence", null);
        }

        if (roll < 5)
        {
            // A slow writer: the start of a packet whose length says 100,000 bytes more than it has, then a byte every few ms, forever.
            var context = rng.Next(2) == 0 ? FuzzContext.BeforeConnect : FuzzContext.InSession;
            var kind = context == FuzzContext.BeforeConnect ? PacketKind.Connect : PacketKind.Publish0 + rng.Next(3);
            var packet = ValidPackets.Create(kind, version, rng, clientId);
            var body = packet.Body();
            return new(index, version, context, overStream, Pace.DribbleForever, SessionConnect(context, version, rng, clientId, SlowKeepAlive),
                Mutations.WithLength(packet.First, ByteBuilder.EncodeVarInt((uint)body.Length + 100_000), body), $"{kind} dribbled forever", null);
        }

        byte[] fuzzed;
        FuzzContext fuzzContext;
        string description;
        Refusal? mustRefuse = null;
        var mustAnswer = false;
        if (roll < 25)
        {
            var refusal = RefusalCases.Create(rng, version, clientId);
            (fuzzed, fuzzContext, description, mustRefuse) = (refusal.Bytes, refusal.Context, $"refusal: {refusal.Refusal.Reason}", refusal.Refusal);
        }
        else
        {
            fuzzContext = rng.Next(3) == 0 ? FuzzContext.BeforeConnect : FuzzContext.InSession;
            var kind = fuzzContext == FuzzContext.BeforeConnect
                ? (rng.Next(7) == 0 ? RefusalCases.SessionKinds[rng.Next(RefusalCases.SessionKinds.Length)] : PacketKind.Connect)
                : (rng.Next(20) == 0 ? PacketKind.Connect : RefusalCases.SessionKinds[rng.Next(RefusalCases.SessionKinds.Length)]);
            var packet = kind == PacketKind.Connect ? ValidPackets.Connect(version, rng, clientId + "-f", (ushort)rng.Next(1, 30)) : ValidPackets.Create(kind, version, rng, clientId);
            var mutation = rng.Next(20) switch
            {
                < 2 => Mutation.None,
                < 8 when v5 && packet.Properties is not null => Mutations.OnProperties[rng.Next(Mutations.OnProperties.Length)],
                _ => Mutations.OnBytes[rng.Next(Mutations.OnBytes.Length)],
            };
            fuzzed = Mutations.Apply(mutation, packet, rng);
            description = $"{kind}, {mutation}";
            if (mutation is Mutation.DuplicatedProperties or Mutation.RepeatedProperties && RefusalOracle.RepeatedProperty(RefusalOracle.PropertySection(fuzzed, packet)) is { } repeated)
            {
                // Only the packet's own valid properties repeated leave nothing but the repetition to refuse.
                var ownOnly = mutation == Mutation.DuplicatedProperties && ClientProperties(kind, rng).Any();
                mustRefuse = ownOnly ? new($"property {repeated} twice", Refusal.ProtocolError) : new($"property {repeated} twice");
            }

            mustAnswer = mutation == Mutation.None && (fuzzContext == FuzzContext.BeforeConnect ? kind == PacketKind.Connect : AcceptedKinds.Contains(kind));
        }

        var followerKinds = mustAnswer ? AcceptedKinds : RefusalCases.SessionKinds;
        var followers = Enumerable.Range(0, rng.Next(0, 3))
            .SelectMany(_ => ValidPackets.Create(followerKinds[rng.Next(followerKinds.Length)], version, rng, clientId).Encode());
        byte[] stream = [.. fuzzed, .. followers, .. Probe];
        // A targeted refusal knows its breakage best; in a mutated packet, what the oracle finds (a packet before
        // CONNECT, say) comes before what its properties break.
        mustRefuse = roll < 25 ? mustRefuse : RefusalOracle.MustRefuse(stream, fuzzContext, v5) ?? mustRefuse;
        var pace = rng.Next(33) == 0 ? Pace.Dribble : Pace.AtOnce;
        return new(index, version, fuzzContext, overStream, pace, SessionConnect(fuzzContext, version, rng, clientId, keepAlive: 10), stream, description, mustRefuse, mustAnswer);
    }

    private static byte[]? SessionConnect(FuzzContext context, MqttProtocolVersion version, Random rng, string clientId, ushort keepAlive) =>
        context == FuzzContext.InSession ? ValidPackets.Connect(version, rng, clientId, keepAlive, allowWill: false).Encode() : null;

    public override string ToString() =>
        $"case {Index}: {Description} ({Version}, {Context}, {(OverStream ? "stream" : "epoll")} transport, {Pace})" +
        (MustRefuse is null ? "" : $", must be refused: {MustRefuse}") +
        (MustAnswer ? ", valid: must be answered" : "") +
        (Connect is null ? "" : $"\n    after CONNECT {FuzzSettings.Hex(Connect)}") +
        $"\n    sent {FuzzSettings.Hex(Stream)}";
}
