using System.Text;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Fuzz;

/// <summary>A well-behaved subscriber and publisher, each on its own connection, that must keep getting through while the fuzz runs.</summary>
internal sealed class Canary : IDisposable
{
    public const string Topic = "canary/alive";

    private readonly RawMqttClient _subscriber;
    private readonly RawMqttClient _publisher;
    private int _round;

    private Canary(RawMqttClient subscriber, RawMqttClient publisher)
    {
        _subscriber = subscriber;
        _publisher = publisher;
    }

    public static async Task<Canary> StartAsync(int port)
    {
        var subscriber = await RawMqttClient.ConnectAsync(port, MqttProtocolVersion.V500, "canary-subscriber", keepAlive: 300);
        await subscriber.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new(Topic, MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await subscriber.ReceiveAsync());
        var publisher = await RawMqttClient.ConnectAsync(port, MqttProtocolVersion.V311, "canary-publisher", keepAlive: 300);
        return new Canary(subscriber, publisher);
    }

    /// <summary>Publishes one message and waits for it at the subscriber; the failure's text when it does not arrive in time.</summary>
    public async Task<string?> CheckAsync()
    {
        try
        {
            return await RoundAsync(++_round);
        }
        catch (OperationCanceledException)
        {
            return $"the canary timed out in round {_round}";
        }
    }

    private async Task<string?> RoundAsync(int round)
    {
        var payload = Encoding.UTF8.GetBytes($"alive {round}");
        var packetId = (ushort)(round % ushort.MaxValue + 1);
        await _publisher.SendAsync(new MqttPublishPacket { Topic = Topic, Qos = MqttQos.AtLeastOnce, PacketId = packetId, Payload = payload });
        if (await _publisher.ReceiveAsync(10_000) is not MqttPublishAckPacket { Type: MqttPacketType.PubAck } ack || ack.PacketId != packetId)
        {
            return $"the canary publisher got no PUBACK for round {round}";
        }

        while (await _subscriber.ReceiveAsync(10_000) is { } packet)
        {
            if (packet is MqttPublishPacket publish)
            {
                await _subscriber.SendAsync(new MqttPublishAckPacket(MqttPacketType.PubAck) { PacketId = publish.PacketId });
                if (publish.Payload.Span.SequenceEqual(payload))
                {
                    return null;
                }
            }
        }

        return $"the canary subscriber did not get round {round} within 10 s";
    }

    public void Dispose()
    {
        _subscriber.Dispose();
        _publisher.Dispose();
    }
}
