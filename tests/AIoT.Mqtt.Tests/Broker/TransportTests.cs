using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
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
            // Backpressure holds the publisher until the grace time ends; then the hard limit takes everything.
            o.PendingHardLimitBytes = 32 << 20;
            o.PendingHardLimitGrace = TimeSpan.FromMilliseconds(200);
        });
        var (subscriber, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "slow-sub" }, receiveBufferSize: 4096);
        using (subscriber)
        {
            await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("load/#", MqttQos.AtMostOnce)] });
            Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
            using var publisher = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "fast-pub");
            const int count = 2000;

            // 8 MB: more than the kernel buffers between broker and subscriber hold (4 MB at most), less than the hard limit.
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
    public async Task A_client_that_sends_but_never_reads_is_disconnected_and_the_others_are_served(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o =>
        {
            o.OwnEventLoop = ownEventLoop;
            o.PendingHighWaterBytes = 1024;
            o.PendingLowWaterBytes = 512;
        });
        var (deaf, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "never-reads" }, receiveBufferSize: 4096);
        using (deaf)
        {
            // Every PINGREQ asks for a PINGRESP it never reads: without a limit the broker would hold them all.
            var pings = Enumerable.Repeat(new byte[] { 0xC0, 0x00 }, 4096).SelectMany(b => b).ToArray();
            var sent = 0L;
            try
            {
                while (broker.IsConnected("never-reads") && sent < 64L << 20)
                {
                    await deaf.SendRawAsync(pings);
                    sent += pings.Length;
                }
            }
            catch (IOException)
            {
                // The broker closed the connection while the client was still sending.
            }

            await TestBroker.EventuallyAsync(() => !broker.IsConnected("never-reads"), $"the client that never reads is disconnected (sent {sent:N0} bytes of PINGREQ)");
        }

        using var other = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "reads");
        await other.SendAsync(new MqttPingReqPacket());
        Assert.IsType<MqttPingRespPacket>(await other.ReceiveAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stopping_closes_every_client_even_those_connecting_meanwhile(bool ownEventLoop)
    {
        var broker = await StartAsync(ownEventLoop);
        var sockets = new List<Socket>();
        using var connecting = new CancellationTokenSource();
        var connector = Task.Run(async () =>
        {
            while (!connecting.IsCancellationRequested)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, broker.Port);
                    lock (sockets)
                    {
                        sockets.Add(socket);
                    }
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
            }
        });
        await TestBroker.EventuallyAsync(() => { lock (sockets) { return sockets.Count >= 20; } }, "20 clients are connected");

        await broker.DisposeAsync();
        await connecting.CancelAsync();
        await connector;

        // Each socket the broker ever accepted must now see the end of the stream: none is left open behind a stopped broker.
        foreach (var socket in sockets)
        {
            using (socket)
            {
                socket.ReceiveTimeout = 10_000;
                var buffer = new byte[64];
                int read;
                try
                {
                    read = socket.Receive(buffer);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    read = 0;
                }

                Assert.Equal(0, read);
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
