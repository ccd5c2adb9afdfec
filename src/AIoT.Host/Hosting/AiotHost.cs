using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Index;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.Population;
using AIoT.Ecosystem.Simulation.Clock;
using AIoT.Ecosystem.Simulation.Households;
using AIoT.Ecosystem.Catalog;
using AIoT.Gateway;
using AIoT.Gateway.Provisioning;
using AIoT.Host.Demo;
using AIoT.Host.Hosting.Cluster;
using AIoT.Host.Hosting.Tls;
using AIoT.Host.Observability;
using AIoT.Host.Registry;
using AIoT.Host.Registry.Postgres;
using AIoT.Host.Web;
using AIoT.Host.Web.Live;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace AIoT.Host.Hosting;

/// <summary>Starts the silo, the demo population and its simulation, the MQTT broker and device gateway, the web API; waits for Ctrl-C; then shuts down in order.</summary>
public sealed class AiotHost(HostSettings settings)
{
    /// <summary>Stopping deactivates every grain, writing its state; a large population needs more than the generic host's 30 s (Ctrl-C allows 60).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(55);

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(settings.LogLevel)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning)
            // Orleans 10.4.2's watchdog warns at every start that its check "has not completed" for the machine's uptime
            // (it measures from the boot, not from the silo's start); a stall shows in Orleans' metrics all the same.
            .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error)
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
        settings = settings.WithFreePortsPicked();
        // First: a certificate that cannot be loaded stops the start before anything listens or opens.
        var certificate = settings.UsesTls ? HostTls.Load(settings, logger, TimeProvider.System) : null;
        var registries = await HostRegistries.OpenAsync(settings);
        var (directory, index) = (registries.Directory, registries.Index);
        IHost? host = null;
        MqttBroker? broker = null;
        MqttTlsListener? tls = null;
        DeviceGateway? gateway = null;
        var simulationStop = new CancellationTokenSource();
        var simulation = Task.CompletedTask;
        var hostStarted = false;
        OverviewSampler? overview = null;
        try
        {
            (host, var web) = BuildHost(loggerFactory, directory, index, certificate);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            // Every silo's gateway hears every device on a shared external broker; one of them sends its commands.
            var senders = settings.Clustered && settings.ExternalBroker is not null
                ? new CommandSenderChoice(host.Services.GetRequiredService<IClusterMembershipService>(), host.Services.GetRequiredService<ILocalSiloDetails>())
                : null;
            var gatewayOptions = new GatewayOptions
            {
                SendsCommandsFor = senders is null ? null : senders.IsLocalSender,
                HomeAssistantDiscovery = settings.HomeAssistant,
                LogSummaryInterval = settings.LogSummaryInterval,
                // Renewing within the collection age keeps a connected device's twin active, and so subscribed.
                ObserverRenewal = TimeSpan.FromTicks(Math.Min(GatewayOptions.DefaultObserverRenewal.Ticks, settings.CollectionAge.Ticks / 2)),
            };
            (broker, tls, var transport) = await GatewayTransports.CreateAsync(settings, certificate, grains, loggerFactory, gatewayOptions.SharedGroup, cancellationToken);
            gateway = new DeviceGateway(grains, transport, gatewayOptions, loggerFactory.CreateLogger<DeviceGateway>(), directory: directory);
            var provisioner = new DeviceProvisioner(grains, directory, DeviceCatalog.Default);
            var relaying = gateway;
            provisioner.Removed += device => relaying.Forget(device.DeviceId, device.Model);
            if (broker is not null)
            {
                // A renewed or revoked secret ends the session opened with the old one.
                provisioner.CredentialsChanged += deviceId => broker.Disconnect(deviceId, MqttReasonCode.NotAuthorized);
            }

            var mqttHost = settings.MqttEndpoint?.Address.ToString() ?? "127.0.0.1";
            var mqtt = new MqttConnectionInfo(mqttHost, broker?.Port ?? settings.MqttEndpoint?.Port ?? 1883);
            if (web is not null)
            {
                overview = new OverviewSampler(grains, index, directory, broker, gateway, loggerFactory.CreateLogger("aiot.dashboard"));
                WebServer.Map(web, settings.ApiToken, provisioner, grains, broker, mqtt, index, directory, overview);
            }

            // Set before starting: a start that fails part way (Kestrel after the silo) still stops what started.
            hostStarted = true;
            await StartHostAsync(host, cancellationToken);
            logger.LogInformation("Orleans silo {Cluster} started; grain state: {Storage}", SiloConfiguration.ClusterId, settings.InMemory ? "in memory (lost on exit)" : settings.Clustered ? "PostgreSQL, shared by the cluster" : $"SQLite at {settings.GrainDatabasePath}");
            if (settings.Clustered)
            {
                var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
                var active = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                logger.LogInformation("Joined cluster {Cluster} as silo {Silo}; {Active} silos active", SiloConfiguration.ClusterId, silo.Endpoint, active.Count);
            }

            var httpPort = 0;
            if (web is not null && settings.HttpEndpoint is { } http)
            {
                httpPort = WebServer.BoundPort(web, Uri.UriSchemeHttp);
                logger.LogInformation("HTTP API on http://{Address}:{Port}/api/devices; Orleans Dashboard at /dashboard; MQTT over WebSocket at ws://{Address}:{Port}/mqtt", http.Address, httpPort, http.Address, httpPort);
            }

            var httpsPort = 0;
            if (web is not null && settings.HttpsEndpoint is { } https)
            {
                httpsPort = WebServer.BoundPort(web, Uri.UriSchemeHttps);
                logger.LogInformation("HTTPS API on https://{Address}:{Port}/api/devices; MQTT over secure WebSocket at wss://{Address}:{Port}/mqtt", https.Address, httpsPort, https.Address, httpsPort);
            }

            overview?.Start();
            simulation = await StartDemoAsync(grains, loggerFactory, logger, simulationStop.Token);
            await GatewayTransports.StartAsync(gateway, settings, cancellationToken);
            return new RunningHost(logger, host, registries, overview, broker, tls, gateway, provisioner, httpPort, httpsPort, simulationStop, simulation);
        }
        catch
        {
            // Undo what started, so a failed start leaves no listener, timer or unwritten state behind.
            await simulationStop.CancelAsync();
            await simulation;
            if (overview is not null)
            {
                await overview.DisposeAsync();
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (tls is not null)
            {
                await tls.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            if (hostStarted)
            {
                await host!.StopAsync(CancellationToken.None);
            }

            host?.Dispose();
            await registries.DisposeAsync();
            simulationStop.Dispose();
            throw;
        }
    }

    /// <summary>One generic host: the Orleans silo, and the web server when --http or --https listens (null otherwise).</summary>
    private (IHost Host, WebApplication? Web) BuildHost(ILoggerFactory loggerFactory, IDeviceDirectory directory, IEcosystemIndex index, TlsServerCertificate? certificate)
    {
        void Configure(IHostApplicationBuilder builder)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton(directory);
            builder.Services.AddSingleton<IRegisteredDevices>(directory);
            builder.Services.AddSingleton(index);
            builder.Services.AddSingleton<RecentFirings>();
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
            builder.UseOrleans(silo => SiloConfiguration.Apply(silo, settings));
            if (directory is PostgresDeviceDirectory shared)
            {
                // Registered after the silo, so it starts once the silo runs.
                builder.Services.AddSingleton(shared);
                builder.Services.AddHostedService<DeadSiloSweep>();
            }
        }

        if (settings.HttpEndpoint is null && settings.HttpsEndpoint is null)
        {
            var generic = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            Configure(generic);
            Telemetry.Add(generic, settings, scrapeEndpoint: false);
            return (generic.Build(), null);
        }

        var builder = WebApplication.CreateSlimBuilder();
        Configure(builder);
        Telemetry.Add(builder, settings, scrapeEndpoint: true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, DevicesJsonContext.Default);
            // "away", "park", "charging": what a dashboard shows and a script compares, not enum positions.
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });
        builder.WebHost.UseKestrel(kestrel =>
        {
            if (settings.HttpEndpoint is { } http)
            {
                kestrel.Listen(http);
            }

            if (settings.HttpsEndpoint is { } https && certificate is not null)
            {
                kestrel.Listen(https, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate.Certificate,
                    ServerCertificateChain = certificate.Chain,
                }));
            }
        });
        var web = builder.Build();
        return (web, web);
    }

    private async Task StartHostAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (settings.HttpsEndpoint is { } https && ex.Message.Contains($"https://{https}", StringComparison.Ordinal))
        {
            throw new HostStartException($"--https: cannot listen on {https} ({ex.InnerException?.Message ?? ex.Message}). Pick another with --https {https.Address}:8444, or leave --https out.", ex);
        }
        catch (IOException ex) when (settings.HttpEndpoint is { } http)
        {
            throw new HostStartException($"--http: cannot listen on {http} ({ex.InnerException?.Message ?? ex.Message}). Pick another with --http {http.Address}:8081, or turn it off with --http off.", ex);
        }
        catch (OrleansException ex)
        {
            throw new HostStartException($"The Orleans silo did not start: {ex.Message}{(ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase) ? $" (is another aiot host using --silo-port {settings.SiloPort}? pick another with --silo-port)" : "")}", ex);
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
            created += await seeder.SeedAsync(plan, withScenes: true) ? 1 : 0;
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
        // The demo homes are in Chinese cities: their day (and their scenes' times) runs on China's UTC+8, whatever this machine's zone.
        var clock = new SimulationClock(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromMinutes(HouseholdState.DefaultUtcOffsetMinutes)), settings.SimulationSpeed);
        return Task.Run(() => driver.RunAsync(clock, stopping), CancellationToken.None);
    }
}
