using System.Globalization;
using AIoT.Mqtt.Bench;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project tests/AIoT.Mqtt.Bench -- [--seconds N] [--connections N] [--quick]
// Runs our broker and Debian's mosquitto as separate processes on loopback and drives both with the same load.
// --tls-memory [--connections N]: memory per idle connection of our broker over plain TCP and over TLS.
if (args.Length >= 2 && args[0] == "--serve-broker")
{
    using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
    await using var served = new MqttBroker(new MqttBrokerOptions
    {
        Port = int.Parse(args[1], CultureInfo.InvariantCulture),
        SystemTopicsInterval = TimeSpan.Zero,
        OwnEventLoop = !args.Contains("--streams"),
    }, logging.CreateLogger<MqttBroker>());
    await served.StartAsync();
    await using var tls = ArgText("--tls") is { } tlsPort
        ? new MqttTlsListener(served, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, int.Parse(tlsPort, CultureInfo.InvariantCulture)), BenchCertificate.Create())
        : null;
    tls?.Start();
    if (Environment.GetEnvironmentVariable("AIOT_BENCH_DIAGNOSE") == "1")
    {
        while (true)
        {
            await Task.Delay(5000);
            var states = served.ConnectionWriteStates().ToList();
            var live = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo();
            await Console.Error.WriteLineAsync($"live heap after a full GC: {live >> 10} KiB; GC committed {info.TotalCommittedBytes >> 10} KiB; process RSS {Environment.WorkingSet >> 10} KiB");
            await Console.Error.WriteLineAsync($"gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} heap={GC.GetTotalMemory(false) >> 20} MiB pause={GC.GetTotalPauseDuration().TotalSeconds:F1}s threads={ThreadPool.ThreadCount} queued={ThreadPool.PendingWorkItemCount}");
            await Console.Error.WriteLineAsync($"{states.Count} connections; by drain state: " + string.Join(", ", states.GroupBy(s => s.Split(' ')[2]).Select(g => $"{g.Key} {g.Count()}")));
            foreach (var state in states.Where(s => s.Contains("pending=", StringComparison.Ordinal) && !s.EndsWith("pending=0", StringComparison.Ordinal)).Take(5))
            {
                await Console.Error.WriteLineAsync("  " + state);
            }
        }
    }

    await Task.Delay(Timeout.Infinite);
    return 0;
}

if (args.Contains("--tls-memory"))
{
    await TlsMemory.RunAsync(Arg("--connections", 10_000), FreePort, Console.WriteLine);
    return 0;
}

if (args.Contains("--socket-floor"))
{
    await SocketFloor.RunAsync(Arg("--connections", 5000), Console.WriteLine);
    return 0;
}

var seconds = Arg("--seconds", 3);
var idleConnections = Arg("--connections", 10_000);
var quick = args.Contains("--quick");
var only = ArgText("--only");
Console.WriteLine($"MQTT broker benchmark: ours vs Debian's mosquitto, {Environment.ProcessorCount} cores, {seconds} s per row, both brokers as separate processes on loopback");

var rows = new List<string>();
var shapes = quick ? new[] { (1, 1), (100, 100) } : new[] { (1, 1), (1, 100), (100, 1), (100, 100) };
foreach (var qos in new[] { MqttQos.AtMostOnce, MqttQos.AtLeastOnce })
{
    foreach (var payload in quick ? new[] { 64 } : new[] { 64, 1024 })
    {
        foreach (var (publishers, subscribers) in shapes)
        {
            var name = $"QoS {(int)qos}, {payload} B, {publishers} pub → {subscribers} sub";
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var results = new Dictionary<string, ThroughputResult>();
            foreach (var which in new[] { "aiot", "mosquitto" })
            {
                using var broker = await StartAsync(which);
                results[which] = await Scenarios.ThroughputAsync(broker.Port, publishers, subscribers, qos, payload, TimeSpan.FromSeconds(seconds));
            }

            var row = $"| {name} | {results["aiot"].DeliveriesPerSecond:N0} | {results["mosquitto"].DeliveriesPerSecond:N0} | {Ratio(results["aiot"].DeliveriesPerSecond, results["mosquitto"].DeliveriesPerSecond)} |";
            Console.WriteLine(row);
            rows.Add(row);
        }
    }
}

foreach (var qos in Selected("latency") ? new[] { MqttQos.AtMostOnce, MqttQos.AtLeastOnce } : [])
{
    var latency = new Dictionary<string, (double P50, double P99)>();
    foreach (var which in new[] { "aiot", "mosquitto" })
    {
        using var broker = await StartAsync(which);
        latency[which] = await Scenarios.LatencyAsync(broker.Port, qos, quick ? 500 : 2000);
    }

    var row = $"| latency QoS {(int)qos}, p50 / p99 (µs) | {latency["aiot"].P50:N0} / {latency["aiot"].P99:N0} | {latency["mosquitto"].P50:N0} / {latency["mosquitto"].P99:N0} | {Ratio(latency["mosquitto"].P50, latency["aiot"].P50)} (p50, higher is better) |";
    Console.WriteLine(row);
    rows.Add(row);
}

var memory = new Dictionary<string, double>();
foreach (var which in Selected("memory") ? new[] { "aiot", "mosquitto" } : [])
{
    using var broker = await StartAsync(which);
    memory[which] = await Scenarios.MemoryPerConnectionAsync(broker, idleConnections, Console.WriteLine);
}

if (memory.Count == 2)
{
    var memoryRow = $"| memory per idle connection ({idleConnections:N0} connections), bytes | {memory["aiot"]:N0} | {memory["mosquitto"]:N0} | {Ratio(memory["aiot"], memory["mosquitto"])} (lower is better) |";
    Console.WriteLine(memoryRow);
    rows.Add(memoryRow);
}

Console.WriteLine();
Console.WriteLine("| row | ours (deliveries/s) | mosquitto (deliveries/s) | ours / mosquitto |");
Console.WriteLine("|---|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
return 0;

static async Task<BrokerUnderTest> StartAsync(string which)
{
    var port = FreePort();
    return which == "aiot" ? await BrokerUnderTest.StartOursAsync(port) : await BrokerUnderTest.StartMosquittoAsync(port);
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string Ratio(double ours, double theirs) => theirs <= 0 ? "n/a" : (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture) + "×";

// Latency and memory run unless --only names rows that leave them out.
bool Selected(string section) => only is null || section.Contains(only, StringComparison.OrdinalIgnoreCase);

string? ArgText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
