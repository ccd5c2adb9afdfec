using AIoT.Gateway.Contract;
using AIoT.Gateway.BrokerClient;
using AIoT.Mqtt;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace AIoT.Gateway.Transport;

/// <summary>
/// The gateway as a client of an existing broker (Mosquitto, EMQX). It subscribes to reports, events and twin sets
/// through a shared subscription, $share/{group}/aiot/+/report and so on, so several gateway nodes split them.
/// The client is MQTTnet's (<see cref="BrokerConnection"/>), over TLS for mqtts://.
/// </summary>
public sealed class ExternalBrokerTransport(BrokerClientOptions options, string sharedGroup, ILogger logger) : IGatewayTransport
{
    private readonly BrokerConnection _client = new(options, logger);

    public event Action<string>? ClientDisconnected
    {
        add { }
        remove { }
    }

    public string Description => $"external broker {options.Address} as {options.ClientId} in shared group '{sharedGroup}'";

    public async Task StartAsync(Func<MqttMessage, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        _client.MessageReceived = onMessage;
        await _client.ConnectAsync(cancellationToken);
        // Reports, events and twin sets are split between nodes. Replies and status reach every node: only the node
        // that sent a command knows it, and every node must know which devices are online to relay commands.
        var subscriptions = DeviceTopics.ToPlatform
            .Select(kind => new MqttSubscription(
                kind is DeviceTopicKind.SetReply or DeviceTopicKind.ActionReply or DeviceTopicKind.Status
                    ? DeviceTopics.FilterFor(kind)
                    : $"$share/{sharedGroup}/{DeviceTopics.FilterFor(kind)}",
                MqttQos.AtLeastOnce))
            .ToArray();
        var granted = await _client.SubscribeAsync(subscriptions);
        var refused = subscriptions.Zip(granted).Where(pair => (int)pair.Second >= 0x80).Select(pair => $"{pair.First.Filter} ({pair.Second})").ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"The broker at {options.Address} refused the gateway's subscriptions: {string.Join(", ", refused)}. Check its ACL for the gateway's user.");
        }
    }

    public ValueTask PublishAsync(MqttMessage message) =>
        new(_client.PublishAsync(message.Topic, message.Payload, message.Qos, message.Retain, message.Properties));

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
