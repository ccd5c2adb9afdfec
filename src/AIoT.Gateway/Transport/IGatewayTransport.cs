using AIoT.Mqtt;

namespace AIoT.Gateway.Transport;

/// <summary>Where the gateway meets its devices: the embedded broker, or an external one it joins as a client.</summary>
public interface IGatewayTransport : IAsyncDisposable
{
    /// <summary>For logs: "embedded broker on 127.0.0.1:1883".</summary>
    string Description { get; }

    /// <summary>Starts delivering device-to-platform messages to <paramref name="onMessage"/>, in order per device.</summary>
    Task StartAsync(Func<MqttMessage, ValueTask> onMessage, CancellationToken cancellationToken);

    ValueTask PublishAsync(MqttMessage message);

    /// <summary>Raised with the client id when a client has left and left no will (the embedded broker sees this; an external one does not tell).</summary>
    event Action<string>? ClientDisconnected;
}
