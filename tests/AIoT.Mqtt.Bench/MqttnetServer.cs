using System.Net;
using MQTTnet.Server;

namespace AIoT.Mqtt.Bench;

/// <summary>
/// MQTTnet 5.2's server as a broker under test (--serve-mqttnet), configured as a new user would: the builder's
/// defaults, bound to 127.0.0.1 on the given port, with in-memory persistent sessions turned on so that sessions
/// behave as the spec (and the other two brokers) keep them. Anonymous clients are accepted by default; the pending
/// queue per client keeps its default of 1,000 messages (drop oldest), the same depth as mosquitto's
/// max_queued_messages default.
/// </summary>
internal static class MqttnetServer
{
    public static MqttServerOptions Options(int port) => new MqttServerOptionsBuilder()
        .WithDefaultEndpoint()
        .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
        .WithDefaultEndpointPort(port)
        .WithPersistentSessions()
        .Build();

    public static async Task ServeAsync(int port)
    {
        using var server = new MqttServerFactory().CreateMqttServer(Options(port));
        await server.StartAsync();
        await Task.Delay(Timeout.Infinite);
    }
}
