using AIoT.Grains.Runtime;
using AIoT.Grains.Sqlite;
using AIoT.Host.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Hosting;

/// <summary>Starts the silo and everything around it, waits for Ctrl-C, then shuts down in order.</summary>
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

        var heartbeat = silo.GrainFactory.GetGrain<IHostHeartbeatGrain>("host");
        var boot = await heartbeat.Boot();
        logger.LogInformation("Demo heartbeat grain: boot #{Boot}, {Uptime} of uptime before this run", boot.BootCount, boot.TotalUptime);
        logger.LogInformation("aiot is running. Press Ctrl-C to stop.");

        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }

        logger.LogInformation("Stopping: deactivating {Count} grains and writing their state", silo.ActivationCount);
        await silo.DisposeAsync();
        logger.LogInformation("Stopped cleanly.");
        return 0;
    }

    private Silo BuildSilo(ILoggerFactory loggerFactory)
    {
        var builder = new SiloBuilder()
            .AddGrainAssembly(typeof(AiotHost).Assembly)
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
