using System.Reflection;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Load;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway;
using AIoT.Host.Hosting;

namespace AIoT.Benchmarks.Sections;

/// <summary>Row 4: MQTT QoS 1 reports through the broker, the gateway and the device grain until the PUBACK.</summary>
internal static class EndToEndSection
{
    private const string Prefix = "e2e";

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var host = await InProcessHost.StartAsync();
        try
        {
            await WithReportingDevicesAsync(host, o, Prefix, async (conns, message, warmUp) =>
            {
                await MeasureAsync(host, conns, message, warmUp, o, rows);
                return 0;
            });
        }
        finally
        {
            await InProcessHost.StopAsync(host, 30);
        }
    }

    /// <summary>The maximum rate on <paramref name="host"/> after the warm-up, as the e2e section's first row measures it; returns reports/s and the mean CPU.</summary>
    public static Task<(double Rate, double Cpu)> MaxRateAsync(RunningHost host, BenchOptions o, string prefix, string name) =>
        WithReportingDevicesAsync(host, o, prefix, async (conns, message, _) =>
        {
            var result = await ReportLoad.RunAsync(conns, message, o.Seconds, 0, name);
            ReportStuck(host, conns);
            return result;
        });

    /// <summary>
    /// Registers --devices plugs named after the prefix, opens --connections load connections, sends every device's
    /// first report and warms up, then runs <paramref name="measure"/>; the connections are closed after it.
    /// </summary>
    private static async Task<T> WithReportingDevicesAsync<T>(RunningHost host, BenchOptions o, string prefix, Func<List<ReportConnection>, Func<long, (string, string)>, string, Task<T>> measure)
    {
        await BenchDevices.RegisterAsync(host, PlugReport.Model, prefix, o.Devices);
        var topics = Enumerable.Range(0, o.Devices).Select(i => PlugReport.Topic(BenchDevices.Id(prefix, i))).ToArray();
        var conns = new List<ReportConnection>();
        try
        {
            for (var c = 0; c < o.Connections; c++)
            {
                var conn = new ReportConnection(o.Window);
                conns.Add(conn);
                await conn.ConnectAsync(host.Broker!.Port, $"bench-load-{c}");
            }

            (string, string) Message(long seq) => (topics[seq % topics.Length], PlugReport.Payload(seq / topics.Length + 1));
            var warmUp = await WarmUpAsync(host, conns, topics, Message, o);
            return await measure(conns, Message, warmUp);
        }
        finally
        {
            foreach (var conn in conns)
            {
                await conn.DisposeAsync();
            }
        }
    }

    private static async Task<string> WarmUpAsync(RunningHost host, List<ReportConnection> conns, string[] topics, Func<long, (string, string)> message, BenchOptions o)
    {
        // Warm-up: every device's first report (the gateway subscribes to its twin and marks it online), then
        // load until the JIT settles. Connection c reports for devices c, c + C, c + 2C, ...
        for (var i = 0; i < topics.Length; i++)
        {
            await conns[i % conns.Count].PublishOneAsync(topics[i], PlugReport.Payload(i));
        }

        await ReportLoad.RunAsync(conns, message, 5, 0, "e2e warm-up");
        // .NET recompiles hot methods (tier 1) only after a pause in new compilation: without one, the first
        // seconds under constant load ran at a tenth of the later rate.
        await Task.Delay(2000);
        var warmUp = await JitWarmUp.UntilSettledAsync(seconds => ReportLoad.RunAsync(conns, message, seconds, 0, "e2e warm-up 2"), o.WarmUpSeconds);
        ReportStuck(host, conns);
        return warmUp;
    }

    private static async Task MeasureAsync(RunningHost host, List<ReportConnection> conns, Func<long, (string, string)> message, string warmUp, BenchOptions o, List<ResultRow> rows)
    {
        var (rate, cpu) = await ReportLoad.RunAsync(conns, message, o.Seconds, 0, "e2e max");
        ReportStuck(host, conns);
        rows.Add(new ResultRow("MQTT reports/s end to end (QoS 1, PUBACK after the twin holds the value)", $"{rate:N0}", "100,000",
            $"in-process host, {o.Connections} raw MQTT 3.1.1 connections, {o.Window} in flight each, {o.Devices:N0} {PlugReport.Model} devices round robin, {o.Seconds} s after {warmUp}; process CPU {cpu:F0}% of one core (load generator included); load {ProcFs.LoadAverage()}"));

        var half = rate / 2;
        var latencies = conns.Select(_ => new List<double>(1 << 20)).ToArray();
        for (var c = 0; c < conns.Count; c++)
        {
            conns[c].Latencies = latencies[c];
        }

        var (paced, _) = await ReportLoad.RunAsync(conns, message, o.Seconds, half, "e2e half rate");
        foreach (var conn in conns)
        {
            conn.Latencies = null;
        }

        var all = latencies.SelectMany(l => l).Order().ToList();
        rows.Add(new ResultRow("MQTT report latency at half rate, p50 / p99 / max (ms)", Percentiles.P50P99MaxMs(all), "p99 < 20",
            $"paced at {half:N0}/s in total (achieved {paced:N0}/s), {all.Count:N0} samples, PUBLISH written → PUBACK read; load {ProcFs.LoadAverage()}"));

        // The twin holds what was reported: the last value of a device, after everything was acknowledged.
        var twin = await host.Grains.GetGrain<IDeviceGrain>(BenchDevices.Id(Prefix, 7)).GetTwin();
        Console.WriteLine($"  twin of {twin.DeviceId}: online {twin.Online}, 11.2 = {twin.Properties.First(p => p.Key == "11.2").Value}");
        var refused = conns.Sum(c => c.Refused);
        if (refused > 0)
        {
            Console.WriteLine($"  {refused} messages came back to the load connections (error topics?)");
        }
    }

    /// <summary>When a connection keeps messages unacknowledged: is a gateway handler still running (a grain call or gate that never finished), or was the PUBACK lost after it?</summary>
    private static void ReportStuck(RunningHost host, List<ReportConnection> conns)
    {
        if (conns.All(c => c.InFlight == 0))
        {
            return;
        }

        var handling = typeof(DeviceGateway).GetField("_handling", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(host.Gateway);
        Console.WriteLine($"  STUCK: {string.Join(", ", conns.Select(c => c.InFlight))} unacknowledged per connection; gateway handlers running: {handling}; connected devices {host.Gateway.ConnectedDevices}");
    }
}
