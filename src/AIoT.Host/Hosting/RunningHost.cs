using AIoT.Gateway.Provisioning;
using AIoT.Gateway;
using AIoT.Ecosystem.Index;
using AIoT.Host.Registry;
using AIoT.Host.Web.Live;
using AIoT.Mqtt.Broker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using IHost = Microsoft.Extensions.Hosting.IHost;

namespace AIoT.Host.Hosting;

/// <summary>A started host: the Orleans silo and, in the same generic host, the web server; the broker and gateway beside them. Disposing stops them in order.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _simulationStop;
    private readonly Task _simulation;
    private readonly IHost _host;
    private readonly HostRegistries _registries;

    private readonly MqttTlsListener? _tls;
    private readonly OverviewSampler? _overview;

    internal RunningHost(ILogger logger, IHost host, HostRegistries registries, OverviewSampler? overview, MqttBroker? broker, MqttTlsListener? tls, DeviceGateway gateway, DeviceProvisioner provisioner, int httpPort, int httpsPort, CancellationTokenSource simulationStop, Task simulation)
    {
        _tls = tls;
        HttpsPort = httpsPort;
        _registries = registries;
        _overview = overview;
        _logger = logger;
        _host = host;
        Broker = broker;
        Gateway = gateway;
        Provisioner = provisioner;
        HttpPort = httpPort;
        _simulationStop = simulationStop;
        _simulation = simulation;
    }

    /// <summary>The silo's own grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The embedded broker; null in external-broker mode or with --mqtt off.</summary>
    public MqttBroker? Broker { get; }

    public DeviceGateway Gateway { get; }

    public DeviceProvisioner Provisioner { get; }

    internal IDeviceDirectory Directory => _registries.Directory;

    public IEcosystemIndex Index => _registries.Index;

    /// <summary>0 when the web server is off.</summary>
    public int HttpPort { get; }

    /// <summary>0 without --https.</summary>
    public int HttpsPort { get; }

    /// <summary>The port of MQTT over TLS; 0 without --mqtts.</summary>
    public int MqttsPort => _tls?.Port ?? 0;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_overview is not null)
            {
                await _overview.DisposeAsync();
            }

            await _simulationStop.CancelAsync();
            await _simulation;
            await Gateway.DisposeAsync();
            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }

            if (Broker is not null)
            {
                await Broker.DisposeAsync();
            }

            var active = await Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
            _logger.LogInformation("Stopping: deactivating {Count} grains and writing their state", active);
        }
        finally
        {
            // Whatever failed above, the silo still stops, so every grain writes its state back.
            await _host.StopAsync();
            _host.Dispose();
            await _registries.DisposeAsync();
            _simulationStop.Dispose();
        }

        _logger.LogInformation("Stopped cleanly.");
    }
}
