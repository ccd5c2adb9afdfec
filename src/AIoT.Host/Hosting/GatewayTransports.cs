using System.Net;
using System.Net.Sockets;
using AIoT.Gateway;
using AIoT.Gateway.BrokerClient;
using AIoT.Gateway.Security;
using AIoT.Gateway.Transport;
using AIoT.Host.Hosting.Tls;
using Orleans;
using AIoT.Mqtt.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>Chooses where the gateway meets devices: the embedded broker (default) or an external one (--broker).</summary>
internal static class GatewayTransports
{
    public static async Task<(MqttBroker? Broker, MqttTlsListener? Tls, IGatewayTransport Transport)> CreateAsync(
        HostSettings settings, TlsServerCertificate? certificate, IGrainFactory grains, ILoggerFactory loggerFactory, string sharedGroup, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("aiot.gateway");
        if (settings.ExternalBroker is { } uri)
        {
            var client = new BrokerClientOptions(BrokerAddress.Parse(uri))
            {
                Trust = BrokerTrust.Create(settings.ExternalBrokerCaFile, settings.ExternalBrokerFingerprint),
                ClientId = $"aiot-gateway-{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}",
            };
            return (null, null, new ExternalBrokerTransport(client, sharedGroup, loggerFactory.CreateLogger<ExternalBrokerTransport>()));
        }

        var endpoint = settings.MqttEndpoint ?? new IPEndPoint(IPAddress.Loopback, 0);
        var anonymous = settings.AllowAnonymous switch
        {
            true => AnonymousAccess.Anyone,
            false => AnonymousAccess.Never,
            // As Mosquitto 2.0: listening beyond this machine means credentials, unless the user says otherwise.
            null => new[] { endpoint, settings.HttpEndpoint, settings.MqttsEndpoint, settings.HttpsEndpoint }.All(e => e is null || IPAddress.IsLoopback(e.Address))
                ? AnonymousAccess.LoopbackOnly
                : AnonymousAccess.Never,
        };
        var options = new MqttBrokerOptions { ListenAddress = endpoint.Address, Port = endpoint.Port, LogSummaryInterval = settings.LogSummaryInterval };
        new DeviceAccessPolicy(grains, anonymous, logger).ApplyTo(options);
        var broker = new MqttBroker(options, loggerFactory.CreateLogger<MqttBroker>());
        if (settings.MqttEndpoint is not null)
        {
            try
            {
                await broker.StartAsync(cancellationToken);
            }
            catch (SocketException ex)
            {
                await broker.DisposeAsync();
                throw new HostStartException(
                    ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                        ? $"--mqtt: {endpoint} is already in use (another MQTT broker, such as a mosquitto service?). Pick another port with --mqtt {endpoint.Address}:1884, or join that broker with --broker mqtt://{endpoint}."
                        : $"--mqtt: cannot listen on {endpoint}: {ex.Message}",
                    ex);
            }

            logger.LogInformation(
                "Devices connect to mqtt://{Address}:{Port}; anonymous clients {Anonymous}",
                endpoint.Address, broker.Port, anonymous switch
                {
                    AnonymousAccess.Anyone => "allowed from anywhere (--allow-anonymous true)",
                    AnonymousAccess.Never => "refused (listening beyond loopback, or --allow-anonymous false)",
                    _ => "allowed from this machine only; devices elsewhere use their credentials",
                });
        }

        var tls = settings.MqttsEndpoint is { } secure && certificate is not null
            ? await StartTlsAsync(broker, secure, certificate, loggerFactory)
            : null;
        return (broker, tls, new EmbeddedBrokerTransport(broker));
    }

    private static async Task<MqttTlsListener> StartTlsAsync(MqttBroker broker, IPEndPoint endpoint, TlsServerCertificate certificate, ILoggerFactory loggerFactory)
    {
        var listener = new MqttTlsListener(broker, endpoint, certificate.Certificate, certificate.Chain, loggerFactory.CreateLogger<MqttTlsListener>());
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            await listener.DisposeAsync();
            await broker.DisposeAsync();
            throw new HostStartException(
                ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? $"--mqtts: {endpoint} is already in use (another MQTT broker, such as a mosquitto service?). Pick another port with --mqtts {endpoint.Address}:8884."
                    : $"--mqtts: cannot listen on {endpoint}: {ex.Message}",
                ex);
        }

        loggerFactory.CreateLogger("aiot.gateway").LogInformation("Devices connect over TLS to mqtts://{Address}:{Port}", endpoint.Address, listener.Port);
        return listener;
    }

    /// <summary>Starts the gateway; an external broker that cannot be reached or refuses it is a start error naming --broker.</summary>
    public static async Task StartAsync(DeviceGateway gateway, HostSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await gateway.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (settings.ExternalBroker is not null && ex is BrokerConnectException or SocketException or TimeoutException or IOException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            throw new HostStartException($"--broker: the gateway could not join {Redacted(settings.ExternalBroker)}: {ex.Message}", ex);
        }
    }

    /// <summary>The broker address without its password, for logs.</summary>
    private static string Redacted(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : uri;
}
