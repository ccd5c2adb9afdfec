using System.Diagnostics;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// Keep-alive on real sockets (the deadline is measured on the wire), so keep-alives are 1 s and every wait is bounded:
/// the broker closes a silent client at 1.5 times its keep-alive, give or take its 0.5 s sweep.
/// </summary>
public sealed class KeepAliveTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_trickling_an_unfinished_publish_is_closed_at_its_keep_alive(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "trickler", keepAlive: 1);
        using var stop = new CancellationTokenSource();

        // A PUBLISH announcing 60 bytes, then one byte every 200 ms: 12 s to finish, and bytes arrive far inside every keep-alive.
        var trickle = Task.Run(async () =>
        {
            await client.SendRawAsync([0x30, 60]);
            for (var i = 0; i < 60 && !stop.IsCancellationRequested; i++)
            {
                await Task.Delay(200, stop.Token);
                await client.SendRawAsync([(byte)'a']);
            }
        });
        var clock = Stopwatch.StartNew();

        var disconnect = Assert.IsType<MqttDisconnectPacket>(await client.ReceiveAsync(timeoutMs: 6000));
        await stop.CancelAsync();

        Assert.Equal(MqttReasonCode.KeepAliveTimeout, disconnect.ReasonCode);
        Assert.Null(await client.ReceiveAsync());
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1) && clock.Elapsed < TimeSpan.FromSeconds(6), $"closed after {clock.Elapsed}: at the keep-alive deadline, long before the publish could have ended");
        await Assert.ThrowsAnyAsync<Exception>(() => trickle);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_sending_whole_packets_within_its_keep_alive_stays_connected(bool ownEventLoop)
    {
        await using var broker = await TestBroker.StartAsync(o => o.OwnEventLoop = ownEventLoop);
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "pinger", keepAlive: 2);

        // 4 s in all, past the 3 s deadline, with a whole packet every 0.5 s.
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            await client.SendAsync(new MqttPingReqPacket());
            Assert.IsType<MqttPingRespPacket>(await client.ReceiveAsync());
        }
    }

    [Theory]
    [InlineData((ushort)60)]
    [InlineData((ushort)0)]
    public async Task A_5_0_client_asking_for_more_than_the_maximum_keep_alive_is_told_the_maximum_and_held_to_it(ushort asked)
    {
        await using var broker = await TestBroker.StartAsync(o => o.MaxKeepAlive = 1);
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "capped",
            KeepAliveSeconds = asked,
        });
        using (client)
        {
            Assert.Equal((ushort)1, connAck.Properties?.ServerKeepAlive);

            var disconnect = Assert.IsType<MqttDisconnectPacket>(await client.ReceiveAsync(timeoutMs: 6000));
            Assert.Equal(MqttReasonCode.KeepAliveTimeout, disconnect.ReasonCode);
        }
    }

    [Theory]
    [InlineData((ushort)0, (ushort)0)]
    [InlineData((ushort)0, (ushort)60)]
    [InlineData((ushort)120, (ushort)60)]
    public async Task A_keep_alive_within_the_maximum_is_kept_and_no_server_keep_alive_is_sent(ushort maximum, ushort asked)
    {
        await using var broker = await TestBroker.StartAsync(o => o.MaxKeepAlive = maximum);
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "uncapped",
            KeepAliveSeconds = asked,
        });
        using (client)
        {
            Assert.Null(connAck.Properties?.ServerKeepAlive);
        }
    }

    [Theory]
    [InlineData((ushort)60)]
    [InlineData((ushort)0)]
    public async Task A_3_1_1_client_asking_for_more_than_the_maximum_keep_alive_is_refused_as_mosquitto_does(ushort asked)
    {
        await using var broker = await TestBroker.StartAsync(o => o.MaxKeepAlive = 30);
        var (client, connAck) = await RawMqttClient.ConnectAsync(
            broker.Port,
            new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "old", KeepAliveSeconds = asked },
            expectSuccess: false);
        using (client)
        {
            Assert.Equal(MqttReasonCode.ClientIdentifierNotValid, connAck.ReasonCode);
            Assert.Null(await client.ReceiveAsync());
        }

        using var within = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "old-ok", keepAlive: 30);
    }
}
