using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Population;
using AIoT.Ecosystem.Simulation.Clock;
using AIoT.Ecosystem.Simulation.Households;
using AIoT.Grains;
using AIoT.Grains.Runtime;
using AIoT.Grains.Sqlite;
using AIoT.Ecosystem.Catalog;
using AIoT.Gateway;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Demo;
using AIoT.Host.Web;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>Starts the silo, the demo population and its simulation, the MQTT broker and device gateway, the web API; waits for Ctrl-C; then shuts down in order.</summary>
public sealed class AiotHost(HostSettings settings)
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(settings.LogLevel)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));
        RunningHost started;
        try
        {
            started = await StartAsync(loggerFactory, stopping);
        }
        catch (HostStartException ex)
        {
            loggerFactory.CreateLogger("aiot").LogError("Cannot start: {Reason}", ex.Message);
            return 1;
        }

        await using (var running = started)
        {
            loggerFactory.CreateLogger("aiot").LogInformation("aiot is running. Press Ctrl-C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, stopping);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    /// <summary>Starts everything the settings ask for; tests use this to run a whole host in-process.</summary>
    public async Task<RunningHost> StartAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var logger = loggerFactory.CreateLogger("aiot");
        var silo = BuildSilo(loggerFactory);
        await silo.StartAsync(cancellationToken);
        logger.LogInformation("Grain state: {Storage}", settings.InMemory ? "in memory (lost on exit)" : $"SQLite at {settings.GrainDatabasePath}");

        var simulationStop = new CancellationTokenSource();
        var simulation = await StartDemoAsync(silo.GrainFactory, loggerFactory, logger, simulationStop.Token);
        MqttBroker? broker = null;
        DeviceGateway? gateway = null;
        try
        {
            var gatewayOptions = new GatewayOptions { HomeAssistantDiscovery = settings.HomeAssistant };
            (broker, var transport) = await GatewayTransports.CreateAsync(settings, silo.GrainFactory, loggerFactory, gatewayOptions.SharedGroup, cancellationToken);
            gateway = new DeviceGateway(silo.GrainFactory, transport, gatewayOptions, loggerFactory.CreateLogger<DeviceGateway>());
            await GatewayTransports.StartAsync(gateway, settings, cancellationToken);

            var provisioner = new DeviceProvisioner(silo.GrainFactory, DeviceCatalog.Default);
            var relaying = gateway;
            provisioner.Removed += device => relaying.Forget(device.DeviceId, device.Model);
            if (broker is not null)
            {
                // A renewed or revoked secret ends the session opened with the old one.
                provisioner.CredentialsChanged += deviceId => broker.Disconnect(deviceId, MqttReasonCode.NotAuthorized);
            }

            WebApplication? web = null;
            var httpPort = 0;
            if (settings.HttpEndpoint is { } http)
            {
                var mqttHost = settings.MqttEndpoint?.Address.ToString() ?? "127.0.0.1";
                var mqtt = new MqttConnectionInfo(mqttHost, broker?.Port ?? settings.MqttEndpoint?.Port ?? 1883);
                web = await WebServer.StartAsync(http, settings.ApiToken, loggerFactory, provisioner, silo.GrainFactory, broker, mqtt, cancellationToken);
                httpPort = WebServer.BoundPort(web);
                logger.LogInformation("HTTP API on http://{Address}:{Port}/api/devices; MQTT over WebSocket at ws://{Address}:{Port}/mqtt", http.Address, httpPort, http.Address, httpPort);
            }

            return new RunningHost(logger, silo, broker, gateway, provisioner, web, httpPort, simulationStop, simulation);
        }
        catch
        {
            // Undo what started, so a failed start leaves no listener, timer or unwritten state behind.
            await simulationStop.CancelAsync();
            await simulation;
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            await silo.DisposeAsync();
            simulationStop.Dispose();
            throw;
        }
    }

    private async Task<Task> StartDemoAsync(IGrainFactory grains, ILoggerFactory loggerFactory, ILogger logger, CancellationToken stopping)
    {
        var plans = DemoPopulation.Plans(settings.Seed, settings.DemoHouseholds);
        if (plans.Count == 0)
        {
            return Task.CompletedTask;
        }

        var seeder = new PopulationSeeder(grains);
        var created = 0;
        foreach (var plan in plans)
        {
            created += await seeder.SeedAsync(plan) ? 1 : 0;
        }

        var online = 0;
        foreach (var device in plans.SelectMany(p => p.Devices))
        {
            online += (await grains.GetGrain<IDeviceGrain>(device.DeviceId).GetTwin()).Online ? 1 : 0;
        }

        logger.LogInformation(
            "Demo population (seed {Seed}): {Households} households, {Devices} devices ({Online} online from the last run), {People} people, {Vehicles} SU7; {Created} created, {Restored} restored",
            settings.Seed, plans.Count, plans.Sum(p => p.Devices.Count), online, plans.Sum(p => p.Members.Count), plans.Sum(p => p.Vehicles.Count), created, plans.Count - created);

        var driver = new SimulationDriver(
            [.. plans.Select(p => SimulationSetup.CreateSimulator(p, settings.Seed))],
            new SimulationEffectApplier(grains),
            loggerFactory.CreateLogger("aiot.simulation"));
        logger.LogInformation("Simulating the demo homes at {Speed}x real time", settings.SimulationSpeed);
        var clock = new SimulationClock(TimeProvider.System.GetLocalNow(), settings.SimulationSpeed);
        return Task.Run(() => driver.RunAsync(clock, stopping), CancellationToken.None);
    }

    private Silo BuildSilo(ILoggerFactory loggerFactory)
    {
        var builder = new SiloBuilder()
            .AddGrainAssembly(typeof(AiotHost).Assembly)
            .AddGrainAssembly(typeof(DeviceGrain).Assembly)
            .ConfigureServices(services => services.AddSingleton(loggerFactory))
            .Configure(options =>
            {
                options.CollectionAge = settings.CollectionAge;
                options.CollectionQuantum = TimeSpan.FromTicks(Math.Min(SiloOptions.DefaultCollectionQuantum.Ticks, settings.CollectionAge.Ticks));
                options.CallTimeout = settings.CallTimeout;
                options.TimeoutCheckPeriod = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, settings.CallTimeout.Ticks));
            });
        if (settings.InMemory)
        {
            builder.AddMemoryGrainStorage();
        }
        else
        {
            builder.AddSqliteGrainStorage(settings.GrainDatabasePath);
        }

        return builder.Build();
    }
}
