using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// Topic aliases the broker puts on deliveries to 5.0 clients that allow them (Topic Alias Maximum in CONNECT): a
/// topic's first delivery carries topic and alias, later ones the alias and an empty topic; the first topics keep
/// their aliases, later ones go whole. The raw client sees the bytes as sent (it does not resolve aliases).
/// </summary>
public sealed class OutboundTopicAliasTests
{
    [Fact]
    public async Task Deliveries_carry_aliases_for_the_first_topics_up_to_the_clients_maximum()
    {
        await using var broker = await TestBroker.StartAsync();
        using var aliased = await SubscribeAsync(broker, "aliased", topicAliasMaximum: 2, cleanStart: true);
        using var plain = await SubscribeAsync(broker, "plain", topicAliasMaximum: null, cleanStart: true);
        using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "publisher");
        string[] topics = ["long/topic/one", "long/topic/one", "long/topic/two", "long/topic/three", "long/topic/one", "long/topic/three", "long/topic/two"];

        foreach (var topic in topics)
        {
            await publisher.SendAsync(new MqttPublishPacket { Topic = topic, Payload = "x"u8.ToArray() });
        }

        (string Topic, ushort? Alias)[] expected =
        [
            ("long/topic/one", 1), ("", 1), ("long/topic/two", 2), ("long/topic/three", null), ("", 1), ("long/topic/three", null), ("", 2),
        ];
        Assert.Equal(expected, await ReceiveAsync(aliased, topics.Length));
        Assert.Equal(topics.Select(t => (t, (ushort?)null)), await ReceiveAsync(plain, topics.Length));
    }

    [Fact]
    public async Task The_broker_uses_no_more_aliases_than_its_own_topic_alias_maximum()
    {
        await using var broker = await TestBroker.StartAsync(o => o.TopicAliasMaximum = 1);
        using var aliased = await SubscribeAsync(broker, "wants-many", topicAliasMaximum: 100, cleanStart: true);

        await broker.PublishAsync(new MqttMessage { Topic = "long/topic/one" });
        await broker.PublishAsync(new MqttMessage { Topic = "long/topic/two" });
        await broker.PublishAsync(new MqttMessage { Topic = "long/topic/one" });

        Assert.Equal([("long/topic/one", 1), ("long/topic/two", null), ("", 1)], await ReceiveAsync(aliased, 3));
    }

    [Fact]
    public async Task Aliases_start_afresh_on_a_new_connection_for_queued_and_retained_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        using (var first = await SubscribeAsync(broker, "returning", topicAliasMaximum: 4, cleanStart: true))
        {
            await broker.PublishAsync(new MqttMessage { Topic = "long/topic/one", Qos = MqttQos.AtLeastOnce });
            Assert.Equal([("long/topic/one", 1)], await ReceiveAsync(first, 1, acknowledge: true));
            await first.SendAsync(new MqttDisconnectPacket());
        }

        await TestBroker.EventuallyAsync(() => !broker.IsConnected("returning"), "the first connection is over");
        await broker.PublishAsync(new MqttMessage { Topic = "long/topic/one", Qos = MqttQos.AtLeastOnce });
        await broker.PublishAsync(new MqttMessage { Topic = "long/topic/one", Qos = MqttQos.AtLeastOnce });
        await broker.PublishAsync(new MqttMessage { Topic = "long/retained", Payload = "r"u8.ToArray(), Retain = true });

        var (second, connAck) = await RawMqttClient.ConnectAsync(broker.Port, Connect("returning", topicAliasMaximum: 4, cleanStart: false));
        using (second)
        {
            Assert.True(connAck.SessionPresent);
            // The queued messages: the first carries the topic again, as the new connection knows no alias yet.
            Assert.Equal([("long/topic/one", 1), ("", 1)], await ReceiveAsync(second, 2, acknowledge: true));
            await second.SendAsync(new MqttSubscribePacket { PacketId = 2, Subscriptions = [new("long/retained", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await second.ReceiveAsync());
            Assert.Equal([("long/retained", 2)], await ReceiveAsync(second, 1));
        }
    }

    private static MqttConnectPacket Connect(string clientId, ushort? topicAliasMaximum, bool cleanStart) => new()
    {
        ProtocolVersion = MqttProtocolVersion.V500,
        ClientId = clientId,
        CleanStart = cleanStart,
        Properties = new MqttProperties { TopicAliasMaximum = topicAliasMaximum, SessionExpiryInterval = 600 },
    };

    private static async Task<RawMqttClient> SubscribeAsync(MqttBroker broker, string clientId, ushort? topicAliasMaximum, bool cleanStart)
    {
        var (client, _) = await RawMqttClient.ConnectAsync(broker.Port, Connect(clientId, topicAliasMaximum, cleanStart));
        await client.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("long/topic/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());
        return client;
    }

    private static async Task<List<(string Topic, ushort? Alias)>> ReceiveAsync(RawMqttClient client, int count, bool acknowledge = false)
    {
        var received = new List<(string, ushort?)>();
        while (received.Count < count)
        {
            var publish = Assert.IsType<MqttPublishPacket>(await client.ReceiveAsync());
            received.Add((publish.Topic, publish.Properties?.TopicAlias));
            if (acknowledge && publish.Qos == MqttQos.AtLeastOnce)
            {
                await client.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId });
            }
        }

        return received;
    }
}
