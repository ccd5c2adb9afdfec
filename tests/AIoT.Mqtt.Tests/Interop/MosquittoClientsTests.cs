using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Interop;

/// <summary>Debian's mosquitto_pub and mosquitto_sub, the clients engineers reach for first, against our broker.</summary>
public sealed class MosquittoClientsTests
{
    public static TheoryData<string> Versions => ["mqttv311", "mqttv5"];

    private static ExternalProcess Sub(int port, string version, params string[] extra) =>
        ExternalProcess.Start("mosquitto_sub", ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, .. extra]);

    private static async Task PubAsync(int port, string version, params string[] extra)
    {
        using var pub = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, .. extra]);
        Assert.True(await pub.WaitAsync() == 0, pub.Output);
    }

    /// <summary>mosquitto_sub prints nothing when its subscription is granted; the broker's count tells us.</summary>
    private static Task WaitSubscribedAsync(AIoT.Mqtt.Broker.MqttBroker broker, int subscriptions) =>
        TestBroker.EventuallyAsync(() => broker.SubscriptionCount >= subscriptions, $"{subscriptions} subscription(s) are in place");

    /// <summary>Published last: whatever a subscriber should not have seen would have come before it.</summary>
    private const string Marker = "test/marker";

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Messages_at_qos_0_1_and_2_reach_a_subscriber(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        using var sub = Sub(broker.Port, version, "-t", "aiot/+/report", "-q", "2", "-v", "-C", "3");
        await WaitSubscribedAsync(broker, 1);

        // A QoS 0 sender may exit before the broker has read its message; each line is awaited so the order is the publishers'.
        foreach (var qos in new[] { "0", "1", "2" })
        {
            await PubAsync(broker.Port, version, "-t", $"aiot/lamp-{qos}/report", "-q", qos, "-m", $"qos{qos}");
            await sub.WaitForOutputAsync($"aiot/lamp-{qos}/report qos{qos}");
        }

        Assert.Equal(0, await sub.WaitAsync());
        Assert.Equal(["aiot/lamp-0/report qos0", "aiot/lamp-1/report qos1", "aiot/lamp-2/report qos2"], sub.Lines);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_retained_message_reaches_a_later_subscriber_and_an_empty_one_clears_it(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        await PubAsync(broker.Port, version, "-t", "aiot/lamp-1/status", "-r", "-q", "1", "-m", "online");

        using (var sub = Sub(broker.Port, version, "-t", "aiot/+/status", "-v", "-C", "1"))
        {
            Assert.Equal(0, await sub.WaitAsync());
            Assert.Equal(["aiot/lamp-1/status online"], sub.Lines);
        }

        // At QoS 1 mosquitto_pub exits only once the broker has taken the clear.
        await PubAsync(broker.Port, version, "-t", "aiot/lamp-1/status", "-r", "-n", "-q", "1");
        // Retained messages come filter by filter, in the SUBSCRIBE's order: a status left behind would precede the marker.
        await PubAsync(broker.Port, version, "-t", Marker, "-r", "-q", "1", "-m", "end");
        using var after = Sub(broker.Port, version, "-t", "aiot/+/status", "-t", Marker, "-v", "-C", "1");
        Assert.Equal(0, await after.WaitAsync());
        Assert.Equal([$"{Marker} end"], after.Lines);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task The_will_is_published_when_a_client_dies(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        using var watcher = Sub(broker.Port, version, "-t", "aiot/+/status", "-v", "-C", "1");
        await WaitSubscribedAsync(broker, 1);

        using var device = Sub(broker.Port, version, "-i", "dying-device", "-t", "unused/topic", "--will-topic", "aiot/dying-device/status", "--will-payload", "offline", "--will-qos", "1");
        await WaitSubscribedAsync(broker, 2);
        device.Kill();

        Assert.Equal(0, await watcher.WaitAsync());
        Assert.Equal(["aiot/dying-device/status offline"], watcher.Lines);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_clean_disconnect_does_not_publish_the_will(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        using var watcher = Sub(broker.Port, version, "-t", "aiot/+/status", "-t", Marker, "-v", "-C", "1");
        await WaitSubscribedAsync(broker, 2);

        var left = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.ClientDisconnected += (client, leftWill) =>
        {
            if (client.ClientId == "polite")
            {
                left.TrySetResult(leftWill);
            }
        };

        await PubAsync(broker.Port, version, "-i", "polite", "-t", "x", "-m", "y", "--will-topic", "aiot/polite/status", "--will-payload", "offline");
        Assert.False(await left.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the broker kept polite's will");
        // A will goes out before the broker reports the disconnect, so the marker comes after any will.
        await PubAsync(broker.Port, version, "-t", Marker, "-q", "1", "-m", "end");

        Assert.Equal(0, await watcher.WaitAsync());
        Assert.Equal([$"{Marker} end"], watcher.Lines);
    }

    [Fact]
    public async Task A_shared_subscription_splits_messages_between_its_members()
    {
        await using var broker = await TestBroker.StartAsync();
        using var one = Sub(broker.Port, "mqttv5", "-t", "$share/gateways/aiot/+/report");
        using var two = Sub(broker.Port, "mqttv5", "-t", "$share/gateways/aiot/+/report");
        await WaitSubscribedAsync(broker, 2);

        for (var i = 0; i < 10; i++)
        {
            await PubAsync(broker.Port, "mqttv5", "-t", $"aiot/d{i}/report", "-q", "1", "-m", $"m{i}");
        }

        // Each PUBACK came after the broker handed the message to a member; wait for them to print, however slow the machine.
        await TestBroker.EventuallyAsync(() => one.Lines.Count() + two.Lines.Count() >= 10, "the members printed all 10 messages");
        one.Kill();
        two.Kill();
        Assert.NotEmpty(one.Lines);
        Assert.NotEmpty(two.Lines);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}").Order(), one.Lines.Concat(two.Lines).Order());
    }

    [Fact]
    public async Task User_properties_pass_through_mqtt5()
    {
        await using var broker = await TestBroker.StartAsync();
        using var sub = Sub(broker.Port, "mqttv5", "-t", "aiot/props", "-C", "1", "-F", "%p|%P");
        await WaitSubscribedAsync(broker, 1);

        await PubAsync(broker.Port, "mqttv5", "-t", "aiot/props", "-m", "hello", "-D", "publish", "user-property", "firmware", "1.2.3");

        Assert.Equal(0, await sub.WaitAsync());
        Assert.Contains("hello|firmware:1.2.3", sub.Lines);
    }
}
