using System.Buffers.Binary;
using System.Net;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// What the TCP transport must get right whichever serves it: the broker's own event loop (the default on Linux) or
/// .NET sockets (<see cref="MqttBrokerOptions.OwnEventLoop"/> false).
/// </summary>
public sealed class TransportTests
{
    private static Task<MqttBroker> StartAsync(bool ownEventLoop) => TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_publish_much_larger_than_one_read_arrives_whole(bool ownEventLoop)
    {
        await using var broker = await StartAsync(ownEventLoop);
        using var subscriber = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "big-sub");
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("big/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "big-pub");
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);

        await publisher.SendAsync(new MqttPublishPacket { Topic = "big/file", Payload = payload, Qos = MqttQos.AtLeastOnce, PacketId = 9 });

        Assert.Equal(9, Assert.IsType<MqttPublishAckPacket>(await publisher.ReceiveAsync()).PacketId);
        var delivered = Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync());
        Assert.Equal(payload, delivered.Payload.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_subscriber_that_stops_reading_gets_every_message_in_order_once_it_reads_again(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.OwnEventLoop = ownEventLoop;
            o.MaxPendingBytes = 32 << 20;
        });
        var (subscriber, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "slow-sub" }, receiveBufferSize: 4096);
        using (subscriber)
        {
            await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("load/#", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
            using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "fast-pub");
            const int count = 2000;

            // 8 MB: more than the kernel buffers between broker and subscriber hold (4 MB at most), less than the pending limit.
            for (var i = 0; i < count; i++)
            {
                var payload = new byte[4096];
                BinaryPrimitives.WriteInt32BigEndian(payload, i);
                await publisher.SendAsync(new MqttPublishPacket { Topic = "load/data", Payload = payload });
            }

            await publisher.SendAsync(new MqttPingReqPacket());
            Assert.IsType<MqttPingRespPacket>(await publisher.ReceiveAsync());
            await Task.Delay(300);

            for (var i = 0; i < count; i++)
            {
                var delivered = Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync());
                Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(delivered.Payload.Span));
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hooks_see_the_client_address_and_port(bool ownEventLoop)
    {
        EndPoint? seen = null;
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.OwnEventLoop = ownEventLoop;
            o.Authenticate = context =>
            {
                seen = context.RemoteEndPoint;
                return ValueTask.FromResult(MqttReasonCode.Success);
            };
        });

        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "where-from");

        var local = Assert.IsType<IPEndPoint>(client.LocalEndPoint);
        var remote = Assert.IsType<IPEndPoint>(seen);
        Assert.Equal(local.Port, remote.Port);
        Assert.True(IPAddress.IsLoopback(remote.Address), $"{remote.Address} is not a loopback address");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Many_clients_connecting_at_once_are_all_served(bool ownEventLoop)
    {
        await using var broker = await StartAsync(ownEventLoop);

        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, $"crowd-{i}")));

        await TestBroker.EventuallyAsync(() => broker.ConnectedClients == 200, "all 200 clients are connected");
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await TestBroker.EventuallyAsync(() => broker.ConnectedClients == 0, "all 200 clients are gone");
    }
}
