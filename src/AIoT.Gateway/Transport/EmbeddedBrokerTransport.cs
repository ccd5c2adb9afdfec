using AIoT.Gateway.Contract;
using AIoT.Mqtt;
using AIoT.Mqtt.Broker;

namespace AIoT.Gateway.Transport;

/// <summary>The gateway inside the host's own broker: in-process subscriptions, no network hop.</summary>
public sealed class EmbeddedBrokerTransport(MqttBroker broker) : IGatewayTransport
{
    private readonly List<IDisposable> _subscriptions = [];

    public event Action<string>? ClientDisconnected;

    public string Description => $"embedded broker on {broker.Options.ListenAddress}:{broker.Port}";

    public Task StartAsync(Func<MqttMessage, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        foreach (var kind in DeviceTopics.ToPlatform)
        {
            _subscriptions.Add(broker.Subscribe(DeviceTopics.FilterFor(kind), onMessage));
        }

        broker.ClientDisconnected += OnClientDisconnected;
        return Task.CompletedTask;
    }

    public ValueTask PublishAsync(MqttMessage message) => broker.PublishAsync(message);

    public ValueTask DisposeAsync()
    {
        broker.ClientDisconnected -= OnClientDisconnected;
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>Only clients that left no will: a will (maybe delayed, to ride out a short drop) speaks for the others.</summary>
    private void OnClientDisconnected(MqttClientInfo client, bool leftWill)
    {
        if (!leftWill && !broker.IsConnected(client.ClientId))
        {
            ClientDisconnected?.Invoke(client.ClientId);
        }
    }
}
