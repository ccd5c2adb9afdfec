using System.Collections.Concurrent;
using System.Text;
using AIoT.Mqtt.Tests.Support;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace AIoT.Mqtt.Tests.Interop;

/// <summary>MQTTnet, the .NET client users know and the one the gateway and the emulator use, against our broker.</summary>
public sealed class MqttNetTests
{
    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    private static readonly MqttClientFactory Factory = new();

    private static MqttClientOptionsBuilder Options(int port, MqttProtocolVersion version, string clientId) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(10));

    private static async Task<IMqttClient> ConnectAsync(int port, MqttProtocolVersion version, string clientId, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = Factory.CreateMqttClient();
        var options = Options(port, version, clientId);
        configure?.Invoke(options);
        var result = await client.ConnectAsync(options.Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static ConcurrentQueue<MqttApplicationMessage> Received(IMqttClient client)
    {
        var received = new ConcurrentQueue<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        return received;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Publishes_at_each_qos_arrive_and_are_acknowledged(MqttProtocolVersion version)
    {
        await using var broker = await TestBroker.StartAsync();
        using var subscriber = await ConnectAsync(broker.Port, version, "sub");
        var received = Received(subscriber);
        using var publisher = await ConnectAsync(broker.Port, version, "pub");
        var granted = await subscriber.SubscribeAsync("aiot/#", MqttQualityOfServiceLevel.ExactlyOnce);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS2, granted.Items.Single().ResultCode);

        await publisher.PublishStringAsync("aiot/a", "zero", MqttQualityOfServiceLevel.AtMostOnce);
        var one = await publisher.PublishStringAsync("aiot/b", "one", MqttQualityOfServiceLevel.AtLeastOnce);
        var two = await publisher.PublishStringAsync("aiot/c", "two", MqttQualityOfServiceLevel.ExactlyOnce);

        Assert.True(one.IsSuccess, $"PUBACK: {one.ReasonCode}");
        Assert.True(two.IsSuccess, $"PUBREC/PUBCOMP: {two.ReasonCode}");
        await TestBroker.EventuallyAsync(() => received.Count == 3, "three messages arrive");
        Assert.Equal(["zero", "one", "two"], received.Select(m => m.ConvertPayloadToString()));
        Assert.Equal([MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce], received.Select(m => m.QualityOfServiceLevel));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_retained_message_reaches_a_later_subscriber(MqttProtocolVersion version)
    {
        await using var broker = await TestBroker.StartAsync();
        using (var publisher = await ConnectAsync(broker.Port, version, "pub"))
        {
            await publisher.PublishStringAsync("aiot/lamp/status", "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
            await publisher.DisconnectAsync();
        }

        using var late = await ConnectAsync(broker.Port, version, "late");
        var received = Received(late);
        await late.SubscribeAsync("aiot/+/status", MqttQualityOfServiceLevel.AtLeastOnce);
        await TestBroker.EventuallyAsync(() => received.Count == 1, "the retained message arrives");
        Assert.True(received.Single().Retain);
        Assert.Equal("online", received.Single().ConvertPayloadToString());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task The_will_is_published_when_the_client_drops_without_disconnect(MqttProtocolVersion version)
    {
        await using var broker = await TestBroker.StartAsync();
        using var watcher = await ConnectAsync(broker.Port, version, "watcher");
        var received = Received(watcher);
        await watcher.SubscribeAsync("aiot/+/status", MqttQualityOfServiceLevel.AtLeastOnce);

        var device = await ConnectAsync(broker.Port, version, "device-7", o => o
            .WithWillTopic("aiot/device-7/status")
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        // MQTTnet's Dispose closes the socket without DISCONNECT, as a crash would.
        device.Dispose();

        await TestBroker.EventuallyAsync(() => received.Count == 1, "the will arrives");
        Assert.Equal("offline", received.Single().ConvertPayloadToString());
    }

    [Fact]
    public async Task Request_and_response_pair_by_correlation_data_and_user_properties_pass_through()
    {
        await using var broker = await TestBroker.StartAsync();
        using var responder = await ConnectAsync(broker.Port, MqttProtocolVersion.V500, "responder");
        responder.ApplicationMessageReceivedAsync += async e =>
        {
            var request = e.ApplicationMessage;
            await responder.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(request.ResponseTopic)
                .WithPayload($"echo:{request.ConvertPayloadToString()}")
                .WithCorrelationData(request.CorrelationData)
                .WithUserProperty("served-by", "responder"u8.ToArray().AsMemory())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        };
        await responder.SubscribeAsync("svc/echo", MqttQualityOfServiceLevel.AtLeastOnce);
        using var requester = await ConnectAsync(broker.Port, MqttProtocolVersion.V500, "requester");
        var replies = Received(requester);
        await requester.SubscribeAsync("svc/replies/requester", MqttQualityOfServiceLevel.AtLeastOnce);

        for (var i = 0; i < 5; i++)
        {
            await requester.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic("svc/echo")
                .WithPayload($"r{i}")
                .WithResponseTopic("svc/replies/requester")
                .WithCorrelationData(Encoding.UTF8.GetBytes($"c{i}"))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        }

        await TestBroker.EventuallyAsync(() => replies.Count == 5, "five replies arrive");
        var byCorrelation = replies.ToDictionary(m => Encoding.UTF8.GetString(m.CorrelationData), m => m.ConvertPayloadToString());
        Assert.Equal(Enumerable.Range(0, 5).ToDictionary(i => $"c{i}", i => $"echo:r{i}"), byCorrelation);
        Assert.All(replies, m => Assert.Contains(m.UserProperties!, p => p.Name == "served-by" && MQTTnet.Packets.MqttUserPropertyExtensions.ReadValueAsString(p) == "responder"));
    }

    [Fact]
    public async Task A_refused_connection_says_why()
    {
        await using var broker = await TestBroker.StartAsync(o => o.Authenticate = _ => ValueTask.FromResult(AIoT.Mqtt.Packets.MqttReasonCode.NotAuthorized));
        using var client = Factory.CreateMqttClient();

        var result = await client.ConnectAsync(Options(broker.Port, MqttProtocolVersion.V500, "intruder").Build());

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
        Assert.False(client.IsConnected);
    }
}
