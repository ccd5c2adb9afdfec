using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>
/// A will reaches subscribers as a PUBLISH a strict 5.0 client accepts: the will's own properties, but never the
/// CONNECT-only Will Delay Interval (3.1.3.2.2; 3.3.2.3 lists what a PUBLISH carries). The test client decodes with the
/// codec, which refuses a property a packet may not carry.
/// </summary>
public sealed class WillPropertiesTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(30u)]
    public async Task A_will_arrives_with_its_properties_and_without_the_will_delay(uint willDelay)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = new MqttBroker(new MqttBrokerOptions { Port = 0 }, time: time);
        await broker.StartAsync();
        using var subscriber = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "watcher");
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("status/#", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        var gone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.ClientDisconnected += (client, willLeft) =>
        {
            if (client.ClientId == "dying")
            {
                gone.TrySetResult(willLeft);
            }
        };
        var (dying, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "dying",
            Properties = new MqttProperties { SessionExpiryInterval = 600 },
            Will = new MqttWill
            {
                Topic = "status/dying",
                Payload = "offline"u8.ToArray(),
                Qos = MqttQos.AtLeastOnce,
                Properties = new MqttProperties
                {
                    WillDelayInterval = willDelay,
                    PayloadFormatIndicator = 1,
                    MessageExpiryInterval = 100,
                    ContentType = "text/plain",
                    ResponseTopic = "status/replies",
                    CorrelationData = new byte[] { 1, 2, 3 },
                    UserProperties = [new("reason", "power"), new("reason", "again")],
                },
            },
        });

        dying.Dispose();
        Assert.True(await gone.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(willDelay));

        var will = Assert.IsType<MqttPublishPacket>(await subscriber.ReceiveAsync());
        Assert.Equal("status/dying", will.Topic);
        Assert.Equal("offline"u8.ToArray(), will.Payload.ToArray());
        var properties = Assert.IsType<MqttProperties>(will.Properties);
        Assert.Null(properties.WillDelayInterval);
        Assert.Equal((byte)1, properties.PayloadFormatIndicator);
        Assert.Equal(100u, properties.MessageExpiryInterval);
        Assert.Equal("text/plain", properties.ContentType);
        Assert.Equal("status/replies", properties.ResponseTopic);
        Assert.Equal(new byte[] { 1, 2, 3 }, properties.CorrelationData?.ToArray());
        Assert.Equal([new("reason", "power"), new("reason", "again")], properties.UserProperties);
    }
}
