using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>Malformed bytes from one client end that client's connection, with the spec's reason; everyone else carries on.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, MqttProtocolVersion, string, MqttReasonCode> Cases => new()
    {
        { "wildcard in a PUBLISH topic", MqttProtocolVersion.V500, "30 07 00 03 61 2F 23 00 00", MqttReasonCode.TopicNameInvalid },
        { "null character in a topic", MqttProtocolVersion.V500, "30 06 00 03 61 00 62 00", MqttReasonCode.MalformedPacket },
        { "PUBREL with reserved flags 0", MqttProtocolVersion.V500, "60 02 00 01", MqttReasonCode.MalformedPacket },
        { "QoS 1 PUBLISH with packet id 0", MqttProtocolVersion.V500, "32 06 00 01 61 00 00 00", MqttReasonCode.ProtocolError },
        { "duplicate property", MqttProtocolVersion.V500, "30 0E 00 01 61 0A 02 00 00 00 01 02 00 00 00 02", MqttReasonCode.ProtocolError },
        { "unknown topic alias", MqttProtocolVersion.V500, "30 07 00 00 03 23 00 05 78", MqttReasonCode.ProtocolError },
        { "topic alias over the maximum", MqttProtocolVersion.V500, "30 08 00 01 61 03 23 7F FF 78", MqttReasonCode.TopicAliasInvalid },
        { "second CONNECT", MqttProtocolVersion.V500, "10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 62", MqttReasonCode.ProtocolError },
        { "bad remaining length", MqttProtocolVersion.V311, "30 FF FF FF FF 01", MqttReasonCode.MalformedPacket },
        { "invalid UTF-8 in 3.1.1", MqttProtocolVersion.V311, "30 04 00 02 C3 28", MqttReasonCode.MalformedPacket },
        // Found by the fuzzer (Fuzz/BrokerFuzzTests): both were accepted, the PINGREQ answered, the PUBLISH routed.
        { "remaining length in more bytes than it needs", MqttProtocolVersion.V500, "C0 80 00", MqttReasonCode.MalformedPacket },
        { "property id 258 taken for 2", MqttProtocolVersion.V500, "30 0A 00 01 61 06 82 02 00 00 00 3C", MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_packet_closes_only_its_own_connection_with_the_reason_code(string what, MqttProtocolVersion version, string hex, MqttReasonCode expected)
    {
        await using var broker = await TestBroker.StartAsync();
        using var healthy = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "healthy");
        await healthy.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("still/working", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await healthy.ReceiveAsync());

        using var bad = await RawMqttClient.ConnectAsync(broker.Port, version, "bad");
        await bad.SendRawAsync(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
        var answer = await bad.ReceiveAsync();
        if (version == MqttProtocolVersion.V500)
        {
            var disconnect = Assert.IsType<MqttDisconnectPacket>(answer);
            Assert.True(expected == disconnect.ReasonCode, $"{what}: expected {expected}, got {disconnect.ReasonCode}");
            Assert.False(string.IsNullOrEmpty(disconnect.Properties?.ReasonString));
            answer = await bad.ReceiveAsync();
        }

        Assert.Null(answer);

        await broker.PublishAsync(new MqttMessage { Topic = "still/working", Payload = "yes"u8.ToArray(), Qos = MqttQos.AtLeastOnce });
        var delivered = Assert.IsType<MqttPublishPacket>(await healthy.ReceiveAsync());
        Assert.Equal("still/working", delivered.Topic);
    }

    [Fact]
    public async Task An_unsupported_protocol_level_gets_connack_1_and_a_close()
    {
        await using var broker = await TestBroker.StartAsync();
        using var old = await RawMqttClient.OpenAsync(broker.Port);
        await old.SendRawAsync(Convert.FromHexString("100D00044D5154540302003C000161"));
        var connAck = Assert.IsType<MqttConnAckPacket>(await old.ReceiveAsync());
        Assert.Equal(MqttReasonCode.UnsupportedProtocolVersion, connAck.ReasonCode);
        Assert.Null(await old.ReceiveAsync());
    }

    [Fact]
    public async Task A_client_silent_past_one_and_a_half_keep_alives_is_disconnected()
    {
        await using var broker = await TestBroker.StartAsync();
        // Clocks start before the broker's do, so a slow test cannot make a close look early; the upper bound only says "it came".
        var started = Environment.TickCount64;
        using var quiet = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "quiet", keepAlive: 1);
        var disconnect = Assert.IsType<MqttDisconnectPacket>(await quiet.ReceiveAsync(15_000));
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, disconnect.ReasonCode);
        Assert.InRange(Environment.TickCount64 - started, 1450, 15_000);
    }

    [Fact]
    public async Task A_socket_that_never_sends_connect_is_closed_after_the_connect_timeout()
    {
        await using var broker = await TestBroker.StartAsync(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var started = Environment.TickCount64;
        using var mute = await RawMqttClient.OpenAsync(broker.Port);
        Assert.Null(await mute.ReceiveAsync(15_000));
        Assert.InRange(Environment.TickCount64 - started, 950, 15_000);

        using var late = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "late-but-polite");
        Assert.Equal(1, broker.ConnectedClients);
    }

    [Fact]
    public async Task An_invalid_filter_is_refused_in_the_suback_and_the_rest_is_granted()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "filters");
        await client.SendAsync(new MqttSubscribePacket { PacketId = 5, Subscriptions = [new("a/#/b", MqttQos.AtMostOnce), new("a/+", MqttQos.ExactlyOnce), new("$share/g", MqttQos.AtMostOnce)] });
        var subAck = Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());
        Assert.Equal([MqttReasonCode.TopicFilterInvalid, MqttReasonCode.GrantedQos2, MqttReasonCode.TopicFilterInvalid], subAck.ReasonCodes);
    }
}
