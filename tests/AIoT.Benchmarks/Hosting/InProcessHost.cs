using System.Diagnostics;
using AIoT.Ecosystem.Runtime;
using AIoT.Host.Hosting;
using Microsoft.Extensions.Logging;

namespace AIoT.Benchmarks.Hosting;

/// <summary>The aiot host inside the benchmark process: in-memory storage, ephemeral ports, anonymous MQTT, warnings counted.</summary>
internal static class InProcessHost
{
    public static Task<RunningHost> StartAsync() => StartAsync(new HostSettings
    {
        InMemory = true,
        SiloPort = 0,
        DemoHouseholds = 0,
        Mqtt = "127.0.0.1:0",
        Http = "127.0.0.1:0",
        AllowAnonymous = true,
        LogLevel = LogLevel.Warning,
    });

    /// <summary>The same host as a user's `aiot --data <paramref name="dataDirectory"/>`: grain state and the device directory in SQLite files there.</summary>
    public static Task<RunningHost> StartOnDiskAsync(string dataDirectory, TimeSpan? telemetryFlush = null) => StartAsync(new HostSettings
    {
        DataDirectory = dataDirectory,
        SiloPort = 0,
        DemoHouseholds = 0,
        Mqtt = "127.0.0.1:0",
        Http = "127.0.0.1:0",
        AllowAnonymous = true,
        LogLevel = LogLevel.Warning,
        TelemetryFlush = telemetryFlush ?? TwinStorageOptions.DefaultTelemetryFlush,
    });

    /// <summary>
    /// The same host as `aiot --cluster <paramref name="cluster"/> --advertise 127.0.0.1 --silo-port 0 --gateway-port 0`:
    /// one silo of a cluster, membership, grain state, the device directory and the index in that PostgreSQL database.
    /// </summary>
    public static Task<RunningHost> StartClusteredAsync(string cluster, string dataDirectory, TimeSpan? telemetryFlush = null) => StartAsync(new HostSettings
    {
        Cluster = cluster,
        Advertise = "127.0.0.1",
        SiloPort = 0,
        GatewayPort = 0,
        DataDirectory = dataDirectory,
        DemoHouseholds = 0,
        Mqtt = "127.0.0.1:0",
        Http = "127.0.0.1:0",
        AllowAnonymous = true,
        LogLevel = LogLevel.Warning,
        TelemetryFlush = telemetryFlush ?? TwinStorageOptions.DefaultTelemetryFlush,
    });

    private static Task<RunningHost> StartAsync(HostSettings settings) =>
        new AiotHost(settings).StartAsync(LoggerFactory.Create(logging => logging.AddProvider(LogCounter.Instance).SetMinimumLevel(LogLevel.Warning)));

    /// <summary>Stops the host, but gives up waiting after a bound (a silo with a million activations takes a while).</summary>
    public static async Task StopAsync(RunningHost host, int seconds)
    {
        Console.WriteLine($"  host logged before stopping: {LogCounter.Instance.TakeSummary()}");
        var clock = Stopwatch.StartNew();
        var stop = host.DisposeAsync().AsTask();
        if (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(seconds))) != stop)
        {
            Console.WriteLine($"  host still stopping after {seconds} s; left running");
        }
        else
        {
            Console.WriteLine($"  host stopped in {clock.Elapsed.TotalSeconds:F1} s; logged while stopping: {LogCounter.Instance.TakeSummary()}");
        }
    }
}
