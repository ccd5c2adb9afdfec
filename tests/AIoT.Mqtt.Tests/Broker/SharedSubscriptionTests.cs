using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

/// <summary>$share groups as gateways scale out on them: members come and go, and every message still reaches one member.</summary>
public sealed class SharedSubscriptionTests
{
    private const string Shared = "$share/gateways/aiot/+/report";

    [Fact]
    public async Task Each_member_counts_as_a_subscription_and_leaving_members_hand_over_to_those_left()
    {
        await using var broker = await TestBroker.StartAsync();
        using var one = await MemberAsync(broker.Port, "gateway-1");
        using var two = await MemberAsync(broker.Port, "gateway-2");
        Assert.Equal(2, broker.SubscriptionCount);

        await one.SendAsync(new MqttUnsubscribePacket { PacketId = 2, Filters = [Shared] });
        Assert.IsType<MqttUnsubAckPacket>(await one.ReceiveAsync());
        Assert.Equal(1, broker.SubscriptionCount);

        for (var i = 0; i < 4; i++)
        {
            await broker.PublishAsync(new MqttMessage { Topic = $"aiot/d{i}/report", Payload = new[] { (byte)i } });
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal($"aiot/d{i}/report", Assert.IsType<MqttPublishPacket>(await two.ReceiveAsync()).Topic);
        }

        await one.SendAsync(new MqttPingReqPacket());
        Assert.IsType<MqttPingRespPacket>(await one.ReceiveAsync());
    }

    [Fact]
    public async Task A_group_whose_members_all_left_forms_again_for_the_next_member()
    {
        await using var broker = await TestBroker.StartAsync();
        using (await MemberAsync(broker.Port, "gateway-1"))
        {
        }

        await TestBroker.EventuallyAsync(() => broker.SubscriptionCount == 0, "the group is gone with its last member");

        using var member = await MemberAsync(broker.Port, "gateway-2");
        Assert.Equal(1, broker.SubscriptionCount);
        await broker.PublishAsync(new MqttMessage { Topic = "aiot/lamp/report", Payload = new[] { (byte)1 } });
        Assert.Equal("aiot/lamp/report", Assert.IsType<MqttPublishPacket>(await member.ReceiveAsync()).Topic);
    }

    private static async Task<RawMqttClient> MemberAsync(int port, string clientId)
    {
        var client = await RawMqttClient.ConnectAsync(port, MqttProtocolVersion.V500, clientId);
        await client.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new(Shared, MqttQos.AtMostOnce)] });
        Assert.IsType<MqttSubAckPacket>(await client.ReceiveAsync());
        return client;
    }
}
