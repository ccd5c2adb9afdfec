using AIoT.Mqtt;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

public sealed class SessionTests
{
    private static MqttMessage Message(string topic, string payload, MqttQos qos) => new() { Topic = topic, Payload = System.Text.Encoding.UTF8.GetBytes(payload), Qos = qos };

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_persistent_session_keeps_qos1_messages_while_offline_and_delivers_them_on_reconnect(MqttProtocolVersion version)
    {
        await using var broker = await TestBroker.StartAsync();
        var connect = new MqttConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "keeper",
            CleanStart = false,
            Properties = version == MqttProtocolVersion.V500 ? new MqttProperties { SessionExpiryInterval = 300 } : null,
        };
        var (first, _) = await RawMqttClient.ConnectAsync(broker.Port, connect);
        using (first)
        {
            await first.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("aiot/keeper/set", MqttQos.AtLeastOnce)] });
            Assert.IsType<MqttSubAckPacket>(await first.ReceiveAsync());
            await first.SendAsync(new MqttDisconnectPacket());
        }

        await TestBroker.EventuallyAsync(() => broker.ConnectedClients == 0, "the client is gone");
        for (var i = 0; i < 3; i++)
        {
            await broker.PublishAsync(Message("aiot/keeper/set", $"m{i}", MqttQos.AtLeastOnce));
        }

        await broker.PublishAsync(Message("aiot/keeper/set", "qos0 is not kept", MqttQos.AtMostOnce));
        var (second, connAck) = await RawMqttClient.ConnectAsync(broker.Port, connect);
        using (second)
        {
            Assert.True(connAck.SessionPresent);
            var received = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var publish = Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync());
                Assert.Equal(MqttQos.AtLeastOnce, publish.Qos);
                received.Add(System.Text.Encoding.UTF8.GetString(publish.Payload.Span));
                await second.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId });
            }

            Assert.Equal(["m0", "m1", "m2"], received);
        }
    }

    [Fact]
    public async Task An_unacknowledged_qos1_message_is_sent_again_with_dup_after_a_reconnect()
    {
        await using var broker = await TestBroker.StartAsync();
        var connect = new MqttConnectPacket { ClientId = "forgetful", CleanStart = false };
        var (first, _) = await RawMqttClient.ConnectAsync(broker.Port, connect);
        using (first)
        {
            await first.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("cmd", MqttQos.AtLeastOnce)] });
            Assert.IsType<MqttSubAckPacket>(await first.ReceiveAsync());
            await broker.PublishAsync(Message("cmd", "reboot", MqttQos.AtLeastOnce));
            var original = Assert.IsType<MqttPublishPacket>(await first.ReceiveAsync());
            Assert.False(original.Dup);
        }

        await TestBroker.EventuallyAsync(() => broker.ConnectedClients == 0, "the connection dropped");
        var (second, connAck) = await RawMqttClient.ConnectAsync(broker.Port, connect);
        using (second)
        {
            Assert.True(connAck.SessionPresent);
            var again = Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync());
            Assert.True(again.Dup);
            Assert.Equal("reboot", System.Text.Encoding.UTF8.GetString(again.Payload.Span));
        }
    }

    [Fact]
    public async Task Qos2_is_delivered_exactly_once_through_pubrec_pubrel_pubcomp()
    {
        await using var broker = await TestBroker.StartAsync();
        var delivered = 0;
        using var _ = broker.Subscribe("exactly/once", _ =>
        {
            Interlocked.Increment(ref delivered);
            return ValueTask.CompletedTask;
        });
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "q2");
        var publish = new MqttPublishPacket { Topic = "exactly/once", Payload = "x"u8.ToArray(), Qos = MqttQos.ExactlyOnce, PacketId = 7 };
        await client.SendAsync(publish);
        Assert.Equal(MqttPacketType.PubRec, Assert.IsType<MqttPublishAckPacket>(await client.ReceiveAsync()).Type);

        publish.Dup = true;
        await client.SendAsync(publish);
        Assert.Equal(MqttPacketType.PubRec, Assert.IsType<MqttPublishAckPacket>(await client.ReceiveAsync()).Type);
        await client.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubRel) { PacketId = 7 });
        var complete = Assert.IsType<MqttPublishAckPacket>(await client.ReceiveAsync());
        Assert.Equal(MqttPacketType.PubComp, complete.Type);
        Assert.Equal(MqttReasonCode.Success, complete.ReasonCode);
        Assert.Equal(1, delivered);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_client_id_takes_the_session_over()
    {
        await using var broker = await TestBroker.StartAsync();
        using var first = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "twin");
        using var second = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "twin");
        var kicked = Assert.IsType<MqttDisconnectPacket>(await first.ReceiveAsync());
        Assert.Equal(MqttReasonCode.SessionTakenOver, kicked.ReasonCode);
        await second.SendAsync(MqttPingReqPacket.Instance);
        Assert.IsType<MqttPingRespPacket>(await second.ReceiveAsync());
    }

    [Fact]
    public async Task A_client_back_with_a_smaller_receive_maximum_gets_its_unacknowledged_messages_no_faster_than_that()
    {
        await using var broker = await TestBroker.StartAsync();
        MqttConnectPacket Connect(ushort receiveMaximum) => new()
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "phone",
            CleanStart = false,
            Properties = new MqttProperties { SessionExpiryInterval = 600, ReceiveMaximum = receiveMaximum },
        };
        var (first, _) = await RawMqttClient.ConnectAsync(broker.Port, Connect(10));
        using (first)
        {
            await first.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("n/#", MqttQos.AtLeastOnce)] });
            Assert.IsType<MqttSubAckPacket>(await first.ReceiveAsync());
            for (var i = 0; i < 5; i++)
            {
                await broker.PublishAsync(Message("n/x", $"note {i}", MqttQos.AtLeastOnce));
                Assert.IsType<MqttPublishPacket>(await first.ReceiveAsync());
            }
        }

        await TestBroker.EventuallyAsync(() => broker.ConnectedClients == 0, "the first connection is gone");
        var (second, _) = await RawMqttClient.ConnectAsync(broker.Port, Connect(2));
        using (second)
        {
            var resent = new List<MqttPublishPacket>
            {
                Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync()),
                Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync()),
            };
            await broker.PublishAsync(Message("n/marker", "marker", MqttQos.AtMostOnce));
            Assert.Equal("n/marker", Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync()).Topic);

            await second.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = resent[0].PacketId });
            resent.Add(Assert.IsType<MqttPublishPacket>(await second.ReceiveAsync()));
            Assert.All(resent, p => Assert.True(p.Dup));
            Assert.Equal(["note 0", "note 1", "note 2"], resent.Select(p => System.Text.Encoding.UTF8.GetString(p.Payload.Span)));
        }
    }

    [Fact]
    public async Task Messages_too_large_for_a_5_0_client_are_skipped_without_using_up_its_in_flight_window()
    {
        await using var broker = await TestBroker.StartAsync(o => o.MaxInflightMessages = 2);
        var (client, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "small-device",
            Properties = new MqttProperties { MaximumPacketSize = 200 },
        });
        using (client)
        {
            await client.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("fw/#", MqttQos.AtLeastOnce)] });
            Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());
            for (var i = 0; i < 3; i++)
            {
                await broker.PublishAsync(new MqttMessage { Topic = "fw/image", Payload = new byte[500], Qos = MqttQos.AtLeastOnce });
            }

            await broker.PublishAsync(Message("fw/version", "1.2.0", MqttQos.AtLeastOnce));

            var delivered = Assert.IsType<MqttPublishPacket>(await client.ReceiveAsync());
            Assert.Equal("fw/version", delivered.Topic);
        }
    }

    [Theory]
    [InlineData(0u, true, true)]
    [InlineData(30u, true, true)]
    [InlineData(30u, false, false)]
    public async Task A_taken_over_connection_leaves_its_will_unless_the_session_goes_on_within_the_will_delay(uint willDelay, bool newConnectionStartsClean, bool willPublished)
    {
        await using var broker = await TestBroker.StartAsync();
        var seen = new List<string>();
        using var _ = broker.Subscribe("status/#", m =>
        {
            lock (seen)
            {
                seen.Add(System.Text.Encoding.UTF8.GetString(m.Payload.Span));
            }

            return ValueTask.CompletedTask;
        });
        var disconnected = 0;
        broker.ClientDisconnected += (_, _) => Interlocked.Increment(ref disconnected);
        var (first, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "twin",
            CleanStart = false,
            Properties = new MqttProperties { SessionExpiryInterval = 600 },
            Will = new MqttWill { Topic = "status/twin", Payload = "will"u8.ToArray(), Properties = new MqttProperties { WillDelayInterval = willDelay } },
        });
        using (first)
        {
            var (second, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V500,
                ClientId = "twin",
                CleanStart = newConnectionStartsClean,
                Properties = new MqttProperties { SessionExpiryInterval = 600 },
            });
            using (second)
            {
                Assert.Equal(MqttReasonCode.SessionTakenOver, Assert.IsType<MqttDisconnectPacket>(await first.ReceiveAsync()).ReasonCode);
                await TestBroker.EventuallyAsync(() => Volatile.Read(ref disconnected) == 1, "the first connection is over");
                await broker.PublishAsync(Message("status/marker", "marker", MqttQos.AtMostOnce));
                await TestBroker.EventuallyAsync(() => { lock (seen) { return seen.Contains("marker"); } }, "the marker arrives");
            }
        }

        lock (seen)
        {
            Assert.Equal(willPublished, seen.Contains("will"));
        }
    }

    [Fact]
    public async Task An_empty_client_id_gets_one_assigned_in_5_0_and_is_refused_without_clean_session_in_3_1_1()
    {
        await using var broker = await TestBroker.StartAsync();
        var (v5, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V500, ClientId = "" });
        using (v5)
        {
            Assert.StartsWith("aiot-", connAck.Properties!.AssignedClientIdentifier);
            Assert.Equal(MqttBrokerOptions.DefaultReceiveMaximum, connAck.Properties.ReceiveMaximum);
            Assert.Equal((byte)1, connAck.Properties.SharedSubscriptionAvailable);
        }

        var (v3, refused) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "", CleanStart = false }, expectSuccess: false);
        using (v3)
        {
            Assert.Equal(MqttReasonCode.ClientIdentifierNotValid, refused.ReasonCode);
        }
    }

    [Fact]
    public async Task Subscription_identifiers_no_local_and_retain_as_published_follow_the_subscription()
    {
        await using var broker = await TestBroker.StartAsync();
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "options");
        await client.SendAsync(new MqttSubscribePacket
        {
            PacketId = 1,
            Subscriptions = [new("opt/#", MqttQos.AtMostOnce, NoLocal: true, RetainAsPublished: true)],
            Properties = new MqttProperties { SubscriptionIdentifiers = [42] },
        });
        Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());

        await client.SendAsync(new MqttPublishPacket { Topic = "opt/own", Payload = "mine"u8.ToArray() });
        await broker.PublishAsync(new MqttMessage { Topic = "opt/other", Payload = "theirs"u8.ToArray(), Retain = true });
        var publish = Assert.IsType<MqttPublishPacket>(await client.ReceiveAsync());
        Assert.Equal("opt/other", publish.Topic);
        Assert.True(publish.Retain);
        Assert.Equal([42u], publish.Properties!.SubscriptionIdentifiers!);
    }

    [Theory]
    [InlineData(3, 1_000_000, 3)]
    [InlineData(1000, 50, 2)]
    public async Task Qos1_deliveries_beyond_the_in_flight_limits_wait_for_acknowledgements_and_then_follow_in_order(int maxMessages, int maxBytes, int expectedInFlight)
    {
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.MaxInflightMessages = maxMessages;
            o.MaxInflightBytes = maxBytes;
        });
        using var subscriber = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "slow-acker");
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("w/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        const int count = 8;
        for (var i = 0; i < count; i++)
        {
            await broker.PublishAsync(Message("w/x", $"message {i} padded to thirty bytes"[..30], MqttQos.AtLeastOnce));
        }

        // QoS 0 is not held by the window: it overtakes the QoS 1 messages still waiting, and shows where the window closed.
        await broker.PublishAsync(Message("w/marker", "marker", MqttQos.AtMostOnce));

        var first = new List<MqttPublishPacket>();
        for (var i = 0; i < expectedInFlight; i++)
        {
            first.Add(Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync()));
        }

        Assert.Equal("w/marker", Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync()).Topic);
        var received = first.Select(p => System.Text.Encoding.UTF8.GetString(p.Payload.Span)).ToList();
        var pending = new Queue<ushort>(first.Select(p => p.PacketId));
        while (received.Count < count)
        {
            await subscriber.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = pending.Dequeue() });
            var next = Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync());
            pending.Enqueue(next.PacketId);
            received.Add(System.Text.Encoding.UTF8.GetString(next.Payload.Span));
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"message {i} padded to thirty bytes"[..30]), received);
    }
}
