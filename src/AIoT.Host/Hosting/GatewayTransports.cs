using System.Net;
using AIoT.Gateway.Security;
using AIoT.Gateway.Transport;
using AIoT.Grains;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>Chooses where the gateway meets devices: the embedded broker (default) or an external one (--broker).</summary>
internal static class GatewayTransports
{
    public static async Task<(MqttBroker? Broker, IGatewayTransport Transport)> CreateAsync(
        HostSettings settings, IGrainFactory grains, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("aiot.gateway");
        if (settings.ExternalBroker is { } uri)
        {
            var client = MqttClientOptions.FromUri(uri);
            client.ClientId = $"aiot-gateway-{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}";
            return (null, new ExternalBrokerTransport(client, "aiot-gateway", loggerFactory.CreateLogger<ExternalBrokerTransport>()));
        }

        var endpoint = settings.MqttEndpoint ?? new IPEndPoint(IPAddress.Loopback, 0);
        var allowAnonymous = settings.AllowAnonymous ?? IPAddress.IsLoopback(endpoint.Address);
        var options = new MqttBrokerOptions { ListenAddress = endpoint.Address, Port = endpoint.Port };
        new DeviceAccessPolicy(grains, allowAnonymous, logger).ApplyTo(options);
        var broker = new MqttBroker(options, loggerFactory.CreateLogger<MqttBroker>());
        if (settings.MqttEndpoint is not null)
        {
            await broker.StartAsync(cancellationToken);
            logger.LogInformation(
                "Devices connect to mqtt://{Address}:{Port}; anonymous clients {Anonymous}",
                endpoint.Address, broker.Port, allowAnonymous ? "allowed" : "refused (provisioned devices only; --allow-anonymous to change)");
        }

        return (broker, new EmbeddedBrokerTransport(broker));
    }
}
