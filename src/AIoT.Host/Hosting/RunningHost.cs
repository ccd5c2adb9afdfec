using AIoT.Gateway.Provisioning;
using AIoT.Gateway;
using AIoT.Grains.Runtime;
using AIoT.Mqtt.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>A started host: the silo, the broker and gateway, the web server. Disposing stops them in order.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _simulationStop;
    private readonly Task _simulation;
    private readonly WebApplication? _web;

    internal RunningHost(ILogger logger, Silo silo, MqttBroker? broker, DeviceGateway gateway, DeviceProvisioner provisioner, WebApplication? web, int httpPort, CancellationTokenSource simulationStop, Task simulation)
    {
        _logger = logger;
        Silo = silo;
        Broker = broker;
        Gateway = gateway;
        Provisioner = provisioner;
        _web = web;
        HttpPort = httpPort;
        _simulationStop = simulationStop;
        _simulation = simulation;
    }

    public Silo Silo { get; }

    /// <summary>The embedded broker; null in external-broker mode or with --mqtt off.</summary>
    public MqttBroker? Broker { get; }

    public DeviceGateway Gateway { get; }

    public DeviceProvisioner Provisioner { get; }

    /// <summary>0 when the web server is off.</summary>
    public int HttpPort { get; }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.StopAsync();
            await _web.DisposeAsync();
        }

        await _simulationStop.CancelAsync();
        await _simulation;
        await Gateway.DisposeAsync();
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        _logger.LogInformation("Stopping: deactivating {Count} grains and writing their state", Silo.ActivationCount);
        await Silo.DisposeAsync();
        _simulationStop.Dispose();
        _logger.LogInformation("Stopped cleanly.");
    }
}
