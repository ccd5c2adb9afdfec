using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>A session ends when its expiry interval has passed since its connection closed (5.0, 3.1.2.11.2), whenever the broker's housekeeping runs.</summary>
public sealed class SessionExpiryTests
{
    [Theory]
    [InlineData(4, true)]
    [InlineData(6, false)]
    public async Task A_resumed_session_with_a_5_s_expiry_is_gone_5_s_after_its_last_disconnect(int secondsOffline, bool presentAfter)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = new MqttBroker(new MqttBrokerOptions { Port = 0 }, time: time);
        await broker.StartAsync();
        var closed = 0;
        broker.ClientDisconnected += (_, _) => Interlocked.Increment(ref closed);

        Assert.False(await ConnectAndLeaveAsync(broker, cleanStart: true));
        await TestBroker.EventuallyAsync(() => Volatile.Read(ref closed) == 1, "the first connection is over");
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await ConnectAndLeaveAsync(broker, cleanStart: false));
        await TestBroker.EventuallyAsync(() => Volatile.Read(ref closed) == 2, "the resumed connection is over");

        time.Advance(TimeSpan.FromSeconds(secondsOffline));

        Assert.Equal(presentAfter, await ConnectAndLeaveAsync(broker, cleanStart: false));
    }

    /// <summary>Connects with a 5 s session expiry and disconnects; returns whether the CONNACK said a session was present.</summary>
    private static async Task<bool> ConnectAndLeaveAsync(MqttBroker broker, bool cleanStart)
    {
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "short-lived",
            CleanStart = cleanStart,
            Properties = new MqttProperties { SessionExpiryInterval = 5 },
        });
        using (client)
        {
            await client.SendAsync(new MqttDisconnectPacket());
            Assert.Null(await client.ReceiveAsync());
        }

        return connAck.SessionPresent;
    }
}
