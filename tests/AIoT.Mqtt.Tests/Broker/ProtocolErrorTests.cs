using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// A 5.0 client that breaks the protocol is told why with a DISCONNECT whose reason code is one a DISCONNECT may
/// carry (3.14.2.1), and the connection ends; nothing it sent is acknowledged as if it were fine.
/// </summary>
public sealed class ProtocolErrorTests
{
    /// <summary>The reason codes of a DISCONNECT sent by a server, as 3.14.2.1 lists them (0x04 is the client's only).</summary>
    private static readonly byte[] ServerDisconnectCodes =
    [
        0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
        0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2,
    ];

    public static TheoryData<MqttReasonCode> EveryReasonCode() => new(Enum.GetValues<MqttReasonCode>());

    [Theory]
    [MemberData(nameof(EveryReasonCode))]
    public void Every_reason_the_broker_may_close_for_goes_out_as_a_code_valid_in_a_server_disconnect(MqttReasonCode reason)
    {
        var sent = DisconnectReasons.ForServer(reason);

        Assert.Contains((byte)sent, ServerDisconnectCodes);
        if (ServerDisconnectCodes.Contains((byte)reason))
        {
            Assert.Equal(reason, sent);
        }
    }

    [Fact]
    public async Task A_subscribe_with_two_subscription_identifiers_is_a_protocol_error_not_a_subscription()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "two-ids");

        await client.SendAsync(new MqttSubscribePacket
        {
            PacketId = 1,
            Properties = new MqttProperties { SubscriptionIdentifiers = [1, 2] },
            Subscriptions = [new("a/#", MqttQos.AtMostOnce)],
        });

        await AssertDisconnectedAsync(client, MqttReasonCode.ProtocolError);
        Assert.Equal(0, broker.SubscriptionCount);
    }

    [Fact]
    public async Task A_publish_with_a_property_twice_is_a_protocol_error_not_acknowledged()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "twice");

        // QoS 1 PUBLISH to "t", packet id 1, content type "a" twice, payload "x".
        await client.SendRawAsync(Convert.FromHexString("320F000174000108030001610300016178"));

        await AssertDisconnectedAsync(client, MqttReasonCode.ProtocolError);
    }

    [Fact]
    public async Task A_publish_from_a_client_with_a_subscription_identifier_is_a_protocol_error_and_not_delivered()
    {
        await using var broker = await TestBroker.StartAsync();
        using var subscriber = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "listener");
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("ids/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "with-id");

        await client.SendAsync(new MqttPublishPacket
        {
            Topic = "ids/x",
            Qos = MqttQos.AtLeastOnce,
            PacketId = 1,
            Properties = new MqttProperties { SubscriptionIdentifiers = [5] },
        });

        await AssertDisconnectedAsync(client, MqttReasonCode.ProtocolError);
        await subscriber.SendAsync(new MqttPingReqPacket());
        Assert.IsType<MqttPingRespPacket>(await subscriber.ReceiveAsync());
    }

    [Fact]
    public async Task A_second_connect_of_another_protocol_level_is_answered_with_protocol_error_not_a_connack_code()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "connect-twice");

        // CONNECT at level 3 (MQIsdp is not even asked for: "MQTT" level 3), which alone would be answered with 0x84 in a CONNACK.
        await client.SendRawAsync(Convert.FromHexString("100D00044D5154540302003C000161"));

        await AssertDisconnectedAsync(client, MqttReasonCode.ProtocolError);
    }

    [Fact]
    public async Task An_auth_packet_without_an_agreed_authentication_method_is_a_protocol_error()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "auth");

        await client.SendAsync(new MqttAuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication });

        await AssertDisconnectedAsync(client, MqttReasonCode.ProtocolError);
    }

    [Fact]
    public async Task The_host_closing_a_client_with_a_connack_only_code_sends_the_nearest_disconnect_code()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "banned");

        Assert.True(broker.Disconnect("banned", MqttReasonCode.Banned));

        await AssertDisconnectedAsync(client, MqttReasonCode.NotAuthorized);
    }

    private static async Task AssertDisconnectedAsync(RawMqttClient client, MqttReasonCode expected)
    {
        var disconnect = Assert.IsType<MqttDisconnectPacket>(await client.ReceiveAsync());
        Assert.Equal(expected, disconnect.ReasonCode);
        Assert.Null(await client.ReceiveAsync());
    }
}
