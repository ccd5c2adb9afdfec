using System.Buffers;
using System.Text;
using AIoT.Mqtt.Codec;
using AIoT.Mqtt.Packets;

namespace AIoT.Mqtt.Tests.Codec;

public sealed class CodecRoundTripTests
{
    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    private static T RoundTrip<T>(T packet, MqttProtocolVersion version) where T : MqttPacket
    {
        var output = new ArrayBufferWriter<byte>();
        var size = MqttPacketWriter.Write(packet, version, output);
        Assert.Equal(output.WrittenCount, size);

        // Feed the bytes in two pieces: the reader must wait for the whole packet, then read it.
        var bytes = output.WrittenMemory;
        var partial = new ReadOnlySequence<byte>(bytes[..(bytes.Length / 2)]);
        Assert.False(MqttPacketReader.TryRead(ref partial, version, 1 << 24, out _));
        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttPacketReader.TryRead(ref whole, version, 1 << 24, out var decoded));
        Assert.Equal(0, whole.Length);
        return Assert.IsType<T>(decoded);
    }

    private static MqttProperties? Props(MqttProtocolVersion version, Action<MqttProperties> fill)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return null;
        }

        var properties = new MqttProperties();
        fill(properties);
        return properties;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Connect_with_will_credentials_and_properties(MqttProtocolVersion version)
    {
        var connect = RoundTrip(new MqttConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "esp32-lamp-1",
            CleanStart = false,
            KeepAliveSeconds = 15,
            UserName = "lamp-1",
            Password = Encoding.UTF8.GetBytes("s3cret"),
            Will = new MqttWill
            {
                Topic = "aiot/lamp-1/status",
                Payload = Encoding.UTF8.GetBytes("offline"),
                Qos = MqttQos.AtLeastOnce,
                Retain = true,
                Properties = Props(version, p => p.WillDelayInterval = 5),
            },
            Properties = Props(version, p =>
            {
                p.SessionExpiryInterval = 3600;
                p.ReceiveMaximum = 20;
                p.UserProperties = [new("fw", "1.2")];
            }),
        }, version);

        Assert.Equal(version, connect.ProtocolVersion);
        Assert.Equal("esp32-lamp-1", connect.ClientId);
        Assert.False(connect.CleanStart);
        Assert.Equal(15, connect.KeepAliveSeconds);
        Assert.Equal("lamp-1", connect.UserName);
        Assert.Equal("s3cret", Encoding.UTF8.GetString(connect.Password!.Value.Span));
        Assert.Equal("aiot/lamp-1/status", connect.Will!.Topic);
        Assert.Equal(MqttQos.AtLeastOnce, connect.Will.Qos);
        Assert.True(connect.Will.Retain);
        if (version == MqttProtocolVersion.V500)
        {
            Assert.Equal(5u, connect.Will.Properties!.WillDelayInterval);
            Assert.Equal(3600u, connect.Properties!.SessionExpiryInterval);
            Assert.Equal((ushort)20, connect.Properties.ReceiveMaximum);
            Assert.Equal([new MqttUserProperty("fw", "1.2")], connect.Properties.UserProperties!);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ConnAck(MqttProtocolVersion version)
    {
        var ack = RoundTrip(new MqttConnAckPacket
        {
            SessionPresent = true,
            ReasonCode = MqttReasonCode.BadUserNameOrPassword,
            Properties = Props(version, p => p.AssignedClientIdentifier = "auto-1"),
        }, version);
        Assert.True(ack.SessionPresent);
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, ack.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Publish_at_each_qos(MqttProtocolVersion version)
    {
        foreach (var qos in new[] { MqttQos.AtMostOnce, MqttQos.AtLeastOnce, MqttQos.ExactlyOnce })
        {
            var publish = RoundTrip(new MqttPublishPacket
            {
                Topic = "aiot/lamp-1/properties/report",
                Payload = Encoding.UTF8.GetBytes("""{"2.1":true}"""),
                Qos = qos,
                Retain = true,
                Dup = qos != MqttQos.AtMostOnce,
                PacketId = qos == MqttQos.AtMostOnce ? (ushort)0 : (ushort)77,
                Properties = Props(version, p =>
                {
                    p.ResponseTopic = "aiot/lamp-1/reply";
                    p.CorrelationData = new byte[] { 1, 2, 3 };
                    p.MessageExpiryInterval = 60;
                    p.ContentType = "application/json";
                    p.SubscriptionIdentifiers = [5, 300];
                    p.UserProperties = [new("a", "1"), new("a", "2")];
                }),
            }, version);

            Assert.Equal(qos, publish.Qos);
            Assert.Equal("""{"2.1":true}""", Encoding.UTF8.GetString(publish.Payload.Span));
            Assert.True(publish.Retain);
            Assert.Equal(qos == MqttQos.AtMostOnce ? 0 : 77, publish.PacketId);
            if (version == MqttProtocolVersion.V500)
            {
                Assert.Equal("aiot/lamp-1/reply", publish.Properties!.ResponseTopic);
                Assert.Equal([1, 2, 3], publish.Properties.CorrelationData!.Value.ToArray());
                Assert.Equal([5u, 300u], publish.Properties.SubscriptionIdentifiers!);
                Assert.Equal(2, publish.Properties.UserProperties!.Count);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Publish_acknowledgements(MqttProtocolVersion version)
    {
        foreach (var type in new[] { MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp })
        {
            var code = version == MqttProtocolVersion.V500 ? MqttReasonCode.NoMatchingSubscribers : MqttReasonCode.Success;
            var ack = RoundTrip(new MqttPublishAckPacket(type) { PacketId = 65535, ReasonCode = code }, version);
            Assert.Equal(type, ack.Type);
            Assert.Equal(65535, ack.PacketId);
            Assert.Equal(code, ack.ReasonCode);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Subscribe_suback_unsubscribe_unsuback(MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        var subscribe = RoundTrip(new MqttSubscribePacket
        {
            PacketId = 9,
            Subscriptions = [new("aiot/+/properties/report", MqttQos.AtLeastOnce, v5, v5, v5 ? (byte)2 : (byte)0), new("$share/gw/aiot/#", MqttQos.ExactlyOnce)],
            Properties = Props(version, p => p.SubscriptionIdentifiers = [42]),
        }, version);
        Assert.Equal(2, subscribe.Subscriptions.Count);
        Assert.Equal(new MqttSubscription("aiot/+/properties/report", MqttQos.AtLeastOnce, v5, v5, v5 ? (byte)2 : (byte)0), subscribe.Subscriptions[0]);

        var subAck = RoundTrip(new MqttSubAckPacket { PacketId = 9, ReasonCodes = [MqttReasonCode.GrantedQos1, MqttReasonCode.NotAuthorized] }, version);
        Assert.Equal(v5 ? MqttReasonCode.NotAuthorized : MqttReasonCode.UnspecifiedError, subAck.ReasonCodes[1]);

        var unsubscribe = RoundTrip(new MqttUnsubscribePacket { PacketId = 10, Filters = ["a/b", "c/#"] }, version);
        Assert.Equal(["a/b", "c/#"], unsubscribe.Filters);

        var unsubAck = RoundTrip(new MqttUnsubAckPacket { PacketId = 10, ReasonCodes = v5 ? [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] : [] }, version);
        Assert.Equal(10, unsubAck.PacketId);
        Assert.Equal(v5 ? 2 : 0, unsubAck.ReasonCodes.Count);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Ping_and_disconnect(MqttProtocolVersion version)
    {
        RoundTrip(MqttPingReqPacket.Instance, version);
        RoundTrip(MqttPingRespPacket.Instance, version);
        var disconnect = RoundTrip(new MqttDisconnectPacket
        {
            ReasonCode = version == MqttProtocolVersion.V500 ? MqttReasonCode.DisconnectWithWill : MqttReasonCode.Success,
            Properties = Props(version, p => p.ReasonString = "bye"),
        }, version);
        if (version == MqttProtocolVersion.V500)
        {
            Assert.Equal(MqttReasonCode.DisconnectWithWill, disconnect.ReasonCode);
            Assert.Equal("bye", disconnect.Properties!.ReasonString);
        }
    }

    [Fact]
    public void Auth_exists_in_5_0()
    {
        var auth = RoundTrip(new MqttAuthPacket
        {
            ReasonCode = MqttReasonCode.ContinueAuthentication,
            Properties = new MqttProperties { AuthenticationMethod = "SCRAM-SHA-1", AuthenticationData = new byte[] { 9 } },
        }, MqttProtocolVersion.V500);
        Assert.Equal("SCRAM-SHA-1", auth.Properties!.AuthenticationMethod);
    }

    [Fact]
    public void A_large_payload_spans_a_four_byte_remaining_length()
    {
        var payload = new byte[3_000_000];
        Random.Shared.NextBytes(payload);
        var publish = RoundTrip(new MqttPublishPacket { Topic = "big", Payload = payload }, MqttProtocolVersion.V500);
        Assert.True(payload.AsSpan().SequenceEqual(publish.Payload.Span));
    }
}
