using AIoT.Mqtt;
using System.Text;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Broker;

public sealed class HooksAndHostApiTests
{
    [Fact]
    public async Task Wrong_credentials_get_the_right_connack_code_for_each_version_and_from_mosquitto_pub()
    {
        await using var broker = await TestBroker.StartAsync(o => o.Authenticate = c =>
            ValueTask.FromResult(c.UserName == "lamp-1" && c.Password is { } p && Encoding.UTF8.GetString(p.Span) == "right"
                ? MqttReasonCode.Success
                : MqttReasonCode.BadUserNameOrPassword));

        var (v5, refused5) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V500, ClientId = "x", UserName = "lamp-1", Password = "wrong"u8.ToArray() }, expectSuccess: false);
        v5.Dispose();
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused5.ReasonCode);

        using var pub = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", "lamp-1", "-P", "wrong", "-t", "t", "-m", "m"]);
        Assert.NotEqual(0, await pub.WaitAsync());
        Assert.Contains("bad user name or password", pub.Output, StringComparison.OrdinalIgnoreCase);

        var (ok, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "lamp-1", UserName = "lamp-1", Password = "right"u8.ToArray() });
        ok.Dispose();
    }

    [Fact]
    public async Task Disconnecting_a_client_from_the_host_tells_a_5_0_client_why_and_publishes_its_will()
    {
        await using var broker = await TestBroker.StartAsync();
        var wills = new List<string>();
        using var _ = broker.Subscribe("status/#", m =>
        {
            lock (wills)
            {
                wills.Add(Encoding.UTF8.GetString(m.Payload.Span));
            }

            return ValueTask.CompletedTask;
        });
        var (client, _) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = "revoked-lamp",
            Will = new MqttWill { Topic = "status/revoked-lamp", Payload = "offline"u8.ToArray() },
        });
        using (client)
        {
            Assert.True(broker.Disconnect("revoked-lamp", MqttReasonCode.NotAuthorized));

            var disconnect = Assert.IsType<MqttDisconnectPacket>(await client.ReceiveAsync());
            Assert.Equal(MqttReasonCode.NotAuthorized, disconnect.ReasonCode);
            await TestBroker.EventuallyAsync(() => { lock (wills) { return wills.Contains("offline"); } }, "the will is published");
        }
    }

    [Fact]
    public async Task A_publish_the_hook_refuses_is_not_routed_and_a_5_0_client_is_told()
    {
        await using var broker = await TestBroker.StartAsync(o => o.AuthorizePublish = (client, topic) =>
            ValueTask.FromResult(topic.StartsWith($"aiot/{client.ClientId}/", StringComparison.Ordinal)));
        var routed = new List<string>();
        using var _ = broker.Subscribe("aiot/#", m =>
        {
            lock (routed)
            {
                routed.Add(m.Topic);
            }

            return ValueTask.CompletedTask;
        });
        using var client = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V500, "lamp-1");

        await client.SendAsync(new MqttPublishPacket { Topic = "aiot/lamp-2/report", Qos = MqttQos.AtLeastOnce, PacketId = 1, Payload = "{}"u8.ToArray() });
        Assert.Equal(MqttReasonCode.NotAuthorized, Assert.IsType<MqttPublishAckPacket>(await client.ReceiveAsync()).ReasonCode);
        await client.SendAsync(new MqttPublishPacket { Topic = "aiot/lamp-1/report", Qos = MqttQos.AtLeastOnce, PacketId = 2, Payload = "{}"u8.ToArray() });
        Assert.Equal(MqttReasonCode.Success, Assert.IsType<MqttPublishAckPacket>(await client.ReceiveAsync()).ReasonCode);

        lock (routed)
        {
            Assert.Equal(["aiot/lamp-1/report"], routed);
        }
    }

    [Fact]
    public async Task The_host_publishes_and_subscribes_in_process()
    {
        await using var broker = await TestBroker.StartAsync();
        var heard = new TaskCompletionSource<MqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = broker.Subscribe("aiot/+/properties/report", m =>
        {
            heard.TrySetResult(m);
            return ValueTask.CompletedTask;
        });

        using var device = await RawMqttClient.ConnectAsync(broker.Port, MqttProtocolVersion.V311, "lamp-9");
        await device.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = [new("aiot/lamp-9/properties/set", MqttQos.AtLeastOnce)] });
        Assert.IsType<MqttSubAckPacket>(await device.ReceiveAsync());
        await device.SendAsync(new MqttPublishPacket { Topic = "aiot/lamp-9/properties/report", Payload = """{"2.1":true}"""u8.ToArray() });
        var report = await heard.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("lamp-9", report.SenderClientId);

        await broker.PublishAsync(new MqttMessage { Topic = "aiot/lamp-9/properties/set", Payload = """{"2.2":50}"""u8.ToArray(), Qos = MqttQos.AtLeastOnce });
        var command = Assert.IsType<MqttPublishPacket>(await device.ReceiveAsync());
        Assert.Equal("""{"2.2":50}""", Encoding.UTF8.GetString(command.Payload.Span));

        subscription.Dispose();
        Assert.Equal(1, broker.SubscriptionCount);
    }

    [Fact]
    public async Task System_topics_report_the_broker()
    {
        await using var broker = await TestBroker.StartAsync();
        using var sub = ExternalProcess.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "$SYS/broker/clients/connected", "-C", "1", "-v"]);
        Assert.Equal(0, await sub.WaitAsync());
        Assert.Matches(@"^\$SYS/broker/clients/connected \d+$", sub.Lines.Single());
    }
}
