using System.Diagnostics;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Progress;
using AIoT.Ecosystem.Devices;
using AIoT.Host.Hosting;

namespace AIoT.Benchmarks.Sections;

/// <summary>Activates registered device grains by reading each one's twin, from many callers on the silo's grain factory.</summary>
internal static class TwinActivation
{
    /// <summary>GetTwin on prefix-0000000 .. prefix-(count - 1); returns twins read per second and the mean CPU.</summary>
    public static async Task<(double Rate, double Cpu)> RunAsync(RunningHost host, string prefix, int count, int callers, string name)
    {
        long next = -1, done = 0;
        var clock = Stopwatch.StartNew();
        await using var progress = new ProgressLine(name, () => Interlocked.Read(ref done), OrleansCounters.Line);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var twin = await host.Grains.GetGrain<IDeviceGrain>(BenchDevices.Id(prefix, (int)i)).GetTwin();
                if (twin.Properties.Count == 0)
                {
                    throw new InvalidOperationException("a twin without properties");
                }

                Interlocked.Increment(ref done);
            }
        })));
        return (count / clock.Elapsed.TotalSeconds, progress.MeanCpu);
    }
}
