using System.Diagnostics;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Devices;
using AIoT.Host.Hosting;

namespace AIoT.Benchmarks.Sections;

/// <summary>Row 3: calls on active device grains through the silo's own grain factory, and device → household calls.</summary>
internal static class CallsSection
{
    private const int Households = 1000;
    private const int MaxLeakSensors = 10_000;
    private const string LeakSensorModel = "lumi.flood.agl02";

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var host = await InProcessHost.StartAsync();
        try
        {
            rows.Add(await ReportPropertiesAsync(host, o));
            rows.Add(await LeakEventsAsync(host, o));
        }
        finally
        {
            await InProcessHost.StopAsync(host, 30);
        }
    }

    /// <summary>From outside the grain: ReportProperties, as the gateway calls it.</summary>
    private static async Task<ResultRow> ReportPropertiesAsync(RunningHost host, BenchOptions o)
    {
        await BenchDevices.RegisterAsync(host, o.Model, "call", o.CallDevices);
        await TwinActivation.RunAsync(host, "call", o.CallDevices, o.Callers, "calls activate");
        var number = DeviceCatalog.Default.Find(o.Model)!.Properties.First(p => p.IsWritableByReport());
        Console.WriteLine($"  reporting {number.Key} ({number.Alias})");
        async Task Report(long seq)
        {
            var id = BenchDevices.Id("call", (int)(seq % o.CallDevices));
            var results = await host.Grains.GetGrain<IDeviceGrain>(id).ReportProperties([new PropertyWrite(number.Key, number.ValueFor(seq))]);
            if (!results[0].IsOk)
            {
                throw new InvalidOperationException(results[0].Error);
            }
        }

        await CallLoopAsync(o.Callers, "ReportProperties", 2, Report);
        // A pause lets .NET's tier-1 recompilation run (see the e2e warm-up).
        await Task.Delay(2000);
        await CallLoopAsync(o.Callers, "ReportProperties warm-up 2", 3, Report);
        var (rate, cpu) = await CallLoopAsync(o.Callers, "ReportProperties", o.Seconds, Report);
        return new ResultRow("calls/s, IDeviceGrain.ReportProperties from the silo's IGrainFactory", $"{rate:N0}", "—",
            $"{o.Callers} callers round robin over {o.CallDevices:N0} active {o.Model} twins, one property ({number.Key}) changed per call, {o.Seconds} s; CPU {cpu:F0}%; load {ProcFs.LoadAverage()}");
    }

    /// <summary>Grain to grain: a water-leak sensor's leak event makes the device call its household (RaiseAlert, ClearAlerts).</summary>
    private static async Task<ResultRow> LeakEventsAsync(RunningHost host, BenchOptions o)
    {
        var sensors = Math.Min(o.CallDevices, MaxLeakSensors);
        await BenchDevices.RegisterAsync(host, LeakSensorModel, "leak", sensors, i => $"bench-home-{i % Households:D4}");
        await TwinActivation.RunAsync(host, "leak", sensors, o.Callers, "leak activate");
        // Events 2.1 (leak detected) and 2.2 (leak cleared) take turns on each sensor.
        Task Raise(long seq) =>
            host.Grains.GetGrain<IDeviceGrain>(BenchDevices.Id("leak", (int)(seq % sensors))).RaiseEvent((seq / sensors & 1) == 0 ? "2.1" : "2.2", []);
        await CallLoopAsync(o.Callers, "RaiseEvent warm-up", 3, Raise);
        await Task.Delay(2000);
        await CallLoopAsync(o.Callers, "RaiseEvent warm-up 2", 3, Raise);
        var (rate, cpu) = await CallLoopAsync(o.Callers, "RaiseEvent → household", o.Seconds, Raise);
        return new ResultRow("calls/s, IDeviceGrain.RaiseEvent (leak detected / cleared), each making one device → household call", $"{rate:N0}", "—",
            $"{o.Callers} callers over {sensors:N0} {LeakSensorModel} sensors in {Households:N0} households; each event: caller → device grain → IHouseholdGrain.RaiseAlert or ClearAlerts → household WriteStateAsync (in-memory storage grain); {o.Seconds} s; CPU {cpu:F0}%; load {ProcFs.LoadAverage()}");
    }

    /// <summary>Calls from every caller, each its next sequence number, until the seconds pass; returns calls/s and the mean CPU.</summary>
    /// <param name="suffix">The end of each progress line; Orleans' counters when null.</param>
    internal static async Task<(double Rate, double Cpu)> CallLoopAsync(int callers, string name, int seconds, Func<long, Task> call, Func<string>? suffix = null)
    {
        long seq = -1, done = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        await using var progress = new ProgressLine(name, () => Interlocked.Read(ref done), suffix ?? OrleansCounters.Line);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await call(Interlocked.Increment(ref seq));
                Interlocked.Increment(ref done);
            }
        })));
        return (done / clock.Elapsed.TotalSeconds, progress.MeanCpu);
    }
}
