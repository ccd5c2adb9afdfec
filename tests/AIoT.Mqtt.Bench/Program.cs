using System.Globalization;
using AIoT.Mqtt.Bench;
using AIoT.Mqtt.Bench.Conformance;
using AIoT.Mqtt.Broker;
using AIoT.Mqtt.Packets;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project tests/AIoT.Mqtt.Bench -- [--brokers aiot,mosquitto,mqttnet] [--seconds N] [--connections N]
//     [--quick] [--only TEXT] [--limit SECONDS] [--conformance]
// --only burst runs just the burst rows (100,000 QoS 0 messages from 4 publishers to 1 subscriber, through our load
// generator and through MQTT.js, which it finds via AIOT_TEST_NODE_MODULES or tests/.tools/node_modules).
// Runs each broker (ours, Debian's mosquitto, MQTTnet's server) as a separate process on loopback and drives all with
// the same load; --conformance runs the raw-packet spec checks instead.
// --tls-memory [--connections N]: memory per idle connection of our broker over plain TCP and over TLS.
if (args.Length == 2 && args[0] == "--serve-mqttnet")
{
    await MqttnetServer.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

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

var brokers = (ArgText("--brokers") ?? "aiot,mosquitto").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var unknown = brokers.Where(b => !BrokerUnderTest.Known.Contains(b)).ToList();
if (unknown.Count > 0 || brokers.Length == 0)
{
    await Console.Error.WriteLineAsync($"--brokers takes a comma-separated list of {string.Join(", ", BrokerUnderTest.Known)}; unknown: {string.Join(", ", unknown)}");
    return 2;
}

if (args.Contains("--conformance"))
{
    Console.WriteLine($"MQTT conformance probe: {ConformanceTable.Checks.Count} raw-packet checks against {string.Join(", ", brokers)}");
    await ConformanceTable.RunAsync(brokers, StartAsync, Console.WriteLine);
    return 0;
}

var seconds = Arg("--seconds", 3);
var idleConnections = Arg("--connections", 10_000);
var quick = args.Contains("--quick");
var only = ArgText("--only");

// Every scenario run is bounded, so a broker that stalls (or drops the load's connections) costs a row, not the run.
var limit = TimeSpan.FromSeconds(Arg("--limit", 120));
var others = brokers.Where(b => b != "aiot").ToList();
var ours = brokers.Contains("aiot");
Console.WriteLine($"MQTT broker benchmark: {string.Join(", ", brokers)}, {Environment.ProcessorCount} cores, {seconds} s per row, each broker a separate process on loopback, each run bounded to {limit.TotalSeconds:0} s beyond its own length");

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

            var results = new Dictionary<string, Measured>();
            foreach (var which in brokers)
            {
                results[which] = await MeasureAsync(which, TimeSpan.FromSeconds(seconds) + limit, async broker =>
                    (await Scenarios.ThroughputAsync(broker.Port, publishers, subscribers, qos, payload, TimeSpan.FromSeconds(seconds))).DeliveriesPerSecond);
            }

            AddRow(name, results, oursOverTheirs: true, v => v.ToString("N0", CultureInfo.InvariantCulture));
        }
    }
}

// The burst of issue 12, once through our load generator and once through MQTT.js. Mosquitto runs with
// max_queued_messages 0 (no limit on its per-client queue; the default is 1,000), the setting the issue measured it with.
foreach (var (clients, burst) in new (string, Func<BrokerUnderTest, Task<BurstResult>>)[]
{
    ("load generator", broker => BurstScenario.LoadGeneratorAsync(broker.Port)),
    ("MQTT.js", broker => MqttJsBurst.RunAsync(broker.Port, limit * 0.9)),
})
{
    var name = BurstScenario.Name(clients);
    if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }

    var delivered = new Dictionary<string, long>();
    var rates = new Dictionary<string, Measured>();
    foreach (var which in brokers)
    {
        rates[which] = await MeasureAsync(which, limit, async broker =>
        {
            var result = await burst(broker);
            delivered[which] = result.Delivered;
            return result.PerSecond;
        }, "max_queued_messages 0\n");
    }

    AddRow(name, rates, oursOverTheirs: true,
        v => v.ToString("N0", CultureInfo.InvariantCulture),
        cell: (which, v) => $"delivered {delivered[which]:N0} of {BurstScenario.Messages:N0} at {v.ToString("N0", CultureInfo.InvariantCulture)} msg/s");
}

foreach (var qos in Selected("latency") ? new[] { MqttQos.AtMostOnce, MqttQos.AtLeastOnce } : [])
{
    var p50 = new Dictionary<string, Measured>();
    var p99 = new Dictionary<string, double>();
    foreach (var which in brokers)
    {
        p50[which] = await MeasureAsync(which, limit, async broker =>
        {
            var (median, tail) = await Scenarios.LatencyAsync(broker.Port, qos, quick ? 500 : 2000);
            p99[which] = tail;
            return median;
        });
    }

    AddRow($"latency QoS {(int)qos}, p50 / p99 (µs)", p50, oursOverTheirs: false,
        v => v.ToString("N0", CultureInfo.InvariantCulture), which => p99.TryGetValue(which, out var tail) ? $" / {tail:N0}" : "");
}

if (Selected("memory"))
{
    var memory = new Dictionary<string, Measured>();
    foreach (var which in brokers)
    {
        memory[which] = await MeasureAsync(which, limit + TimeSpan.FromMilliseconds(idleConnections * 10.0), broker =>
            Scenarios.MemoryPerConnectionAsync(broker, idleConnections, Console.WriteLine));
    }

    AddRow($"memory per idle connection ({idleConnections:N0} connections), bytes", memory, oursOverTheirs: true, v => v.ToString("N0", CultureInfo.InvariantCulture));
}

Console.WriteLine();
Console.WriteLine($"| row | {string.Join(" | ", brokers)} |{string.Concat(ours ? others.Select(o => $" aiot / {o} |") : [])}");
Console.WriteLine($"|---|{string.Concat(brokers.Select(_ => "---:|"))}{string.Concat(ours ? others.Select(_ => "---:|") : [])}");
rows.ForEach(Console.WriteLine);
Console.WriteLine("Ratios: deliveries/s ours over theirs (higher is better); latency theirs over ours at p50 and memory ours over theirs (so latency above 1 and memory below 1 favour ours).");
return 0;

// cell, where given, writes a broker's whole cell from its figure (format and extra are then not used for it).
void AddRow(string name, Dictionary<string, Measured> results, bool oursOverTheirs, Func<double, string> format, Func<string, string>? extra = null,
    Func<string, double, string>? cell = null)
{
    var cells = brokers.Select(b => results[b].Value is { } v
        ? cell?.Invoke(b, v) ?? format(v) + (extra?.Invoke(b) ?? "")
        : results[b].Failure!);
    var ratios = ours ? others.Select(o => results["aiot"].Value is { } a && results[o].Value is { } t
        ? oursOverTheirs ? Ratio(a, t) : Ratio(t, a)
        : "n/a") : [];
    var row = $"| {name} | {string.Join(" | ", cells)} |{string.Concat(ratios.Select(r => $" {r} |"))}";
    Console.WriteLine(row);
    rows.Add(row);
}

static async Task<Measured> MeasureAsync(string which, TimeSpan bound, Func<BrokerUnderTest, Task<double>> scenario, string mosquittoConfig = "")
{
    using var broker = await BrokerUnderTest.StartAsync(which, FreePort(), mosquittoConfig);
    var run = scenario(broker);
    try
    {
        return new Measured(await run.WaitAsync(bound), null);
    }
    catch (TimeoutException)
    {
        await Console.Error.WriteLineAsync($"    {which}: did not finish within {bound.TotalSeconds:0} s; stopped");
        return new Measured(null, $"did not finish in {bound.TotalSeconds:0} s");
    }
    catch (Exception ex)
    {
        await Console.Error.WriteLineAsync($"    {which}: failed: {ex.Message}");
        return new Measured(null, "failed: " + ex.Message.Replace("|", "/", StringComparison.Ordinal));
    }
    finally
    {
        // The broker is killed on the way out; the abandoned run then ends on its broken connections.
        _ = run.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }
}

static Task<BrokerUnderTest> StartAsync(string which) => BrokerUnderTest.StartAsync(which, FreePort());

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

/// <summary>One broker's figure for a row, or why there is none.</summary>
internal sealed record Measured(double? Value, string? Failure);
