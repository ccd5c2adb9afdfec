using System.Collections.Concurrent;
using System.Text;
using AIoT.Mqtt.Client;
using AIoT.Mqtt.Packets;
using AIoT.Mqtt.Tests.Support;

namespace AIoT.Mqtt.Tests.Client;

/// <summary>Our client against Debian's mosquitto broker, the broker users would otherwise run.</summary>
public sealed class ClientAgainstMosquittoTests
{
    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    private static MqttClient Client(int port, MqttProtocolVersion version, string id, Action<MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions { Port = port, ProtocolVersion = version, ClientId = id, ReconnectDelayMin = TimeSpan.FromMilliseconds(100), ReconnectDelayMax = TimeSpan.FromMilliseconds(500) };
        configure?.Invoke(options);
        return new MqttClient(options);
    }

    private static (MqttClient Client, ConcurrentQueue<MqttMessage> Received) Receiver(int port, MqttProtocolVersion version, string id, Action<MqttClientOptions>? configure = null)
    {
        var received = new ConcurrentQueue<MqttMessage>();
        var client = Client(port, version, id, configure);
        client.MessageReceived = m =>
        {
            received.Enqueue(m);
            return ValueTask.CompletedTask;
        };
        return (client, received);
    }

    private static string Text(MqttMessage m) => Encoding.UTF8.GetString(m.Payload.Span);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Publishes_at_each_qos_arrive_and_acknowledgements_are_awaited(MqttProtocolVersion version)
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        var (subscriber, received) = Receiver(mosquitto.Port, version, "sub");
        await using var _ = subscriber;
        await using var publisher = Client(mosquitto.Port, version, "pub");
        await subscriber.ConnectAsync();
        await publisher.ConnectAsync();
        Assert.Equal([MqttReasonCode.GrantedQos2], await subscriber.SubscribeAsync("aiot/#", MqttQos.ExactlyOnce));

        await publisher.PublishAsync("aiot/a", "zero", MqttQos.AtMostOnce);
        await publisher.PublishAsync("aiot/b", "one", MqttQos.AtLeastOnce);
        await publisher.PublishAsync("aiot/c", "two", MqttQos.ExactlyOnce);

        await TestBroker.EventuallyAsync(() => received.Count == 3, "three messages arrive");
        Assert.Equal(["zero", "one", "two"], received.Select(Text));
        Assert.Equal([MqttQos.AtMostOnce, MqttQos.AtLeastOnce, MqttQos.ExactlyOnce], received.Select(m => m.Qos));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_retained_message_reaches_a_later_subscriber(MqttProtocolVersion version)
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using (var publisher = Client(mosquitto.Port, version, "pub"))
        {
            await publisher.ConnectAsync();
            await publisher.PublishAsync("aiot/lamp/status", "online", MqttQos.AtLeastOnce, retain: true);
        }

        var (late, received) = Receiver(mosquitto.Port, version, "late");
        await using var _ = late;
        await late.ConnectAsync();
        await late.SubscribeAsync("aiot/+/status", MqttQos.AtLeastOnce);
        await TestBroker.EventuallyAsync(() => received.Count == 1, "the retained message arrives");
        Assert.True(received.Single().Retain);
        Assert.Equal("online", Text(received.Single()));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task The_will_is_published_when_the_client_drops_without_disconnect(MqttProtocolVersion version)
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        var (watcher, received) = Receiver(mosquitto.Port, version, "watcher");
        await using var _ = watcher;
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync("aiot/+/status", MqttQos.AtLeastOnce);

        var device = Client(mosquitto.Port, version, "device-7", o =>
        {
            o.AutoReconnect = false;
            o.Will = new MqttWill { Topic = "aiot/device-7/status", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce };
        });
        await device.ConnectAsync();
        device.Abort();

        await TestBroker.EventuallyAsync(() => received.Count == 1, "the will arrives");
        Assert.Equal("offline", Text(received.Single()));
    }

    [Fact]
    public async Task The_client_reconnects_after_the_broker_restarts_and_restores_its_subscriptions()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        var (client, received) = Receiver(mosquitto.Port, MqttProtocolVersion.V500, "resilient");
        await using var _ = client;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.ConnectAsync();
        await client.SubscribeAsync("aiot/commands/#", MqttQos.AtLeastOnce);
        client.Connected += () => reconnected.TrySetResult();

        mosquitto.Stop();
        await TestBroker.EventuallyAsync(() => !client.IsConnected, "the client notices");
        await mosquitto.StartAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var publisher = Client(mosquitto.Port, MqttProtocolVersion.V500, "pub");
        await publisher.ConnectAsync();
        await TestBroker.EventuallyAsync(
            () =>
            {
                publisher.PublishAsync("aiot/commands/lamp", "on", MqttQos.AtLeastOnce).GetAwaiter().GetResult();
                return !received.IsEmpty;
            },
            "a message reaches the resubscribed client");
        Assert.Equal("on", Text(received.First()));
    }

    [Fact]
    public async Task Request_and_response_pair_by_correlation_data()
    {
        using var mosquitto = new MosquittoBroker();
        await mosquitto.StartAsync();
        await using var responder = Client(mosquitto.Port, MqttProtocolVersion.V500, "responder");
        responder.MessageReceived = async m =>
        {
            await responder.PublishAsync(m.Properties!.ResponseTopic!, Encoding.UTF8.GetBytes($"echo:{Text(m)}"), MqttQos.AtLeastOnce, properties: new MqttProperties { CorrelationData = m.Properties.CorrelationData });
        };
        await responder.ConnectAsync();
        await responder.SubscribeAsync("svc/echo", MqttQos.AtLeastOnce);
        await using var requester = Client(mosquitto.Port, MqttProtocolVersion.V500, "requester");
        await requester.ConnectAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => requester.RequestAsync("svc/echo", Encoding.UTF8.GetBytes($"r{i}"), TimeSpan.FromSeconds(5))));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"echo:r{i}"), replies.Select(Text));
    }

    [Fact]
    public async Task A_refused_connection_says_why()
    {
        await using var broker = await TestBroker.StartAsync(o => o.Authenticate = _ => ValueTask.FromResult(MqttReasonCode.NotAuthorized));
        await using var client = Client(broker.Port, MqttProtocolVersion.V500, "intruder", o => o.AutoReconnect = false);
        var error = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(MqttReasonCode.NotAuthorized, error.ReasonCode);

        await using var nowhere = Client(TestBroker.FreePort(), MqttProtocolVersion.V500, "lost", o => o.AutoReconnect = false);
        Assert.Contains("Cannot reach the broker", (await Assert.ThrowsAsync<MqttConnectException>(() => nowhere.ConnectAsync())).Message);
    }
}
