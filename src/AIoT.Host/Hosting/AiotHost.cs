using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Population;
using AIoT.Ecosystem.Simulation.Clock;
using AIoT.Ecosystem.Simulation.Households;
using AIoT.Grains;
using AIoT.Grains.Runtime;
using AIoT.Grains.Sqlite;
using AIoT.Host.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>Starts the silo, the demo population and its simulation; waits for Ctrl-C; then shuts down in order.</summary>
public sealed class AiotHost(HostSettings settings)
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(settings.LogLevel)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));
        var logger = loggerFactory.CreateLogger("aiot");

        var silo = BuildSilo(loggerFactory);
        await silo.StartAsync(stopping);
        logger.LogInformation("Grain state: {Storage}", settings.InMemory ? "in memory (lost on exit)" : $"SQLite at {settings.GrainDatabasePath}");

        using var simulationStop = new CancellationTokenSource();
        var simulation = await StartDemoAsync(silo.GrainFactory, loggerFactory, logger, simulationStop.Token);
        logger.LogInformation("aiot is running. Press Ctrl-C to stop.");

        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }

        await simulationStop.CancelAsync();
        await simulation;
        logger.LogInformation("Stopping: deactivating {Count} grains and writing their state", silo.ActivationCount);
        await silo.DisposeAsync();
        logger.LogInformation("Stopped cleanly.");
        return 0;
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
