using System.Diagnostics;
using AIoT.Grains;
using AIoT.Grains.Runtime;

namespace AIoT.Benchmarks;

/// <summary>The grain runtime's figures: calls/s to one grain and across many, activations/s, bytes per activation.</summary>
internal static class GrainBenchmarks
{
    public static async Task<List<BenchResult>> RunAsync(BenchSettings settings)
    {
        var results = new List<BenchResult>();
        results.Add(await CallsToOneGrainAsync(settings));
        results.Add(await CallsAcrossGrainsAsync(settings));
        results.Add(await ActivationsAsync(settings));
        results.Add(await MemoryPerActivationAsync(settings));
        return results;
    }

    private static async Task<Silo> StartSiloAsync()
    {
        var silo = new SiloBuilder().AddGrainAssembly(typeof(BenchGrain).Assembly).AddMemoryGrainStorage().Build();
        await silo.StartAsync();
        return silo;
    }

    private static async Task<BenchResult> CallsToOneGrainAsync(BenchSettings settings)
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<IBenchGrain>(0);
        await grain.Ping(0);
        var rate = await MeasureCallsAsync(settings, "calls to one grain", settings.Callers, [grain]);
        return new BenchResult("calls/s to one grain", rate, "calls/s", $"{settings.Callers} concurrent callers");
    }

    private static async Task<BenchResult> CallsAcrossGrainsAsync(BenchSettings settings)
    {
        await using var silo = await StartSiloAsync();
        var grains = Enumerable.Range(0, settings.Grains).Select(i => silo.GrainFactory.GetGrain<IBenchGrain>(i)).ToArray();
        foreach (var grain in grains)
        {
            await grain.Ping(0);
        }

        var rate = await MeasureCallsAsync(settings, $"calls across {settings.Grains:N0} grains", settings.Callers, grains);
        return new BenchResult($"calls/s across {settings.Grains:N0} grains", rate, "calls/s", $"{settings.Callers} callers, round robin");
    }

    /// <summary>Each caller walks its own stride of the targets, one call after another; the rate is sampled every second.</summary>
    private static async Task<double> MeasureCallsAsync(BenchSettings settings, string label, int callers, IBenchGrain[] targets)
    {
        var stop = 0;
        var counters = new long[callers * 16];
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var index = caller % targets.Length;
            long done = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                for (var i = 0; i < 256; i++)
                {
                    await targets[index].Ping(i);
                    index += callers;
                    if (index >= targets.Length)
                    {
                        index = caller % targets.Length;
                    }
                }

                done += 256;
                Volatile.Write(ref counters[caller * 16], done);

                // Calls to idle grains complete synchronously; yield so 64 callers share the pool like real callers.
                await Task.Yield();
            }
        })).ToArray();

        var samples = new List<double>();
        long last = 0;
        var watch = Stopwatch.StartNew();
        for (var second = 1; second <= settings.Seconds; second++)
        {
            await Task.Factory.StartNew(() => Thread.Sleep(1000), TaskCreationOptions.LongRunning);
            var now = Enumerable.Range(0, callers).Sum(c => Volatile.Read(ref counters[c * 16]));
            var elapsed = watch.Elapsed.TotalSeconds;
            watch.Restart();
            samples.Add((now - last) / elapsed);
            Console.WriteLine($"  {label}: second {second}: {(now - last) / elapsed:N0} calls/s");
            last = now;
        }

        Volatile.Write(ref stop, 1);
        await Task.WhenAll(tasks);
        return samples.Skip(1).DefaultIfEmpty(samples.Average()).Average();
    }

    private static async Task<BenchResult> ActivationsAsync(BenchSettings settings)
    {
        await using var silo = await StartSiloAsync();
        var count = settings.Activations;
        var workers = Environment.ProcessorCount * 2;
        var next = -1L;
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            long key;
            while ((key = Interlocked.Increment(ref next)) < count)
            {
                await silo.GrainFactory.GetGrain<IBenchGrain>(1_000_000_000 + key).Ping(1);
                if (key % 250_000 == 0 && key > 0)
                {
                    Console.WriteLine($"  activations: {key:N0} after {watch.Elapsed.TotalSeconds:F1} s");
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        watch.Stop();
        return new BenchResult("activations/s", count / watch.Elapsed.TotalSeconds, "activations/s", $"{count:N0} new grains, {workers} workers");
    }

    private static async Task<BenchResult> MemoryPerActivationAsync(BenchSettings settings)
    {
        await using var silo = await StartSiloAsync();
        var factory = silo.GrainFactory;
        await factory.GetGrain<IBenchGrain>(-1).Ping(0);
        var before = HeapAfterFullCollection();
        var count = settings.Activations;
        for (long key = 0; key < count; key++)
        {
            await factory.GetGrain<IBenchGrain>(key).Ping(0);
            if (key % 250_000 == 0 && key > 0)
            {
                Console.WriteLine($"  memory: {key:N0} grains active");
            }
        }

        var after = HeapAfterFullCollection();
        var perGrain = (after - before) / (double)count;
        GC.KeepAlive(factory);
        return new BenchResult("bytes per active grain", perGrain, "bytes", $"GC heap delta over {count:N0} activations (empty state)");
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
