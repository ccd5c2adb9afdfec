using System.Diagnostics;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;

namespace AIoT.Benchmarks.Sections;

/// <summary>Row 1: how fast device grains activate, each loading its twin from the directory.</summary>
internal static class ActivationSection
{
    private const int WarmUpDevices = 20_000;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var host = await InProcessHost.StartAsync();
        try
        {
            await BenchDevices.RegisterAsync(host, o.Model, "warm", WarmUpDevices);
            await TwinActivation.RunAsync(host, "warm", WarmUpDevices, o.Callers, "activate warm-up");
            // A pause lets .NET's tier-1 recompilation run (see the e2e warm-up).
            await Task.Delay(2000);
            await BenchDevices.RegisterAsync(host, o.Model, "warm2", WarmUpDevices);
            await TwinActivation.RunAsync(host, "warm2", WarmUpDevices, o.Callers, "activate warm-up 2");
            var clock = Stopwatch.StartNew();
            await BenchDevices.RegisterAsync(host, o.Model, "act", o.Activations);
            var registerSeconds = clock.Elapsed.TotalSeconds;
            var (rate, cpu) = await TwinActivation.RunAsync(host, "act", o.Activations, o.Callers, "activate");
            rows.Add(new ResultRow($"activations/s of device grains ({o.Model}, twin from the directory)", $"{rate:N0}", "—",
                $"{o.Activations:N0} devices registered in bulk through DeviceProvisioner.AddManyAsync ({registerSeconds:F1} s), then GetTwin on each from {o.Callers} callers on the silo's IGrainFactory; in-memory storage; CPU {cpu:F0}%; load {ProcFs.LoadAverage()}"));
        }
        finally
        {
            await InProcessHost.StopAsync(host, 30);
        }
    }
}
