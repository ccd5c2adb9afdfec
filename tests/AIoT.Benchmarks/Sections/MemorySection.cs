using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using Orleans.Runtime;

namespace AIoT.Benchmarks.Sections;

/// <summary>Row 2: the memory an active device grain holds, and how many of them a 24 GiB silo would carry.</summary>
internal static class MemorySection
{
    private const int WarmUpDevices = 10_000;
    private const double SiloBytes = 24.0 * 1024 * 1024 * 1024;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var host = await InProcessHost.StartAsync();
        try
        {
            await BenchDevices.RegisterAsync(host, o.Model, "warm", WarmUpDevices);
            await TwinActivation.RunAsync(host, "warm", WarmUpDevices, o.Callers, "memory warm-up");
            // Registered before the first reading, so that the directory's own memory is not counted per grain.
            await BenchDevices.RegisterAsync(host, o.Model, "mem", o.MemoryGrains);
            var heapBefore = GC.GetTotalMemory(true);
            var rssBefore = ProcFs.ResidentSetBytes();
            var (rate, _) = await TwinActivation.RunAsync(host, "mem", o.MemoryGrains, o.Callers, "memory");
            await Task.Delay(1000);
            var heapAfter = GC.GetTotalMemory(true);
            var rssAfter = ProcFs.ResidentSetBytes();
            var active = await host.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
            var heapPer = (heapAfter - heapBefore) / (double)o.MemoryGrains;
            var rssPer = (rssAfter - rssBefore) / (double)o.MemoryGrains;
            Console.WriteLine($"  heap {heapBefore / 1048576:N0} → {heapAfter / 1048576:N0} MiB, RSS {rssBefore / 1048576:N0} → {rssAfter / 1048576:N0} MiB, {active:N0} activations in the silo");
            rows.Add(new ResultRow($"bytes per active device grain ({o.Model}), managed heap / RSS", $"{heapPer:N0} / {rssPer:N0}", "—",
                $"{o.MemoryGrains:N0} grains activated with GetTwin ({rate:N0}/s), delta of GC.GetTotalMemory(true) and VmRSS, directory filled before the first reading; {active:N0} activations in the silo afterwards; load {ProcFs.LoadAverage()}"));
            rows.Add(new ResultRow("device grains in a 24 GiB silo, from the RSS figure", $"{SiloBytes / rssPer / 1e6:F1} million", "2,000,000",
                "24 GiB divided by RSS bytes per grain (no headroom for the rest of the host, no GC headroom beyond what RSS shows)"));
        }
        finally
        {
            await InProcessHost.StopAsync(host, 40);
        }
    }
}
