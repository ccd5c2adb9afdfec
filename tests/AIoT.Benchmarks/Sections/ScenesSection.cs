using System.Diagnostics;
using System.Runtime;
using AIoT.Benchmarks.Hosting;
using AIoT.Benchmarks.Progress;
using AIoT.Benchmarks.Report;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Host.Hosting;
using AIoT.Storage.Serialization;
using Orleans.Runtime;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// Row 6: households holding scenes, seeded through their grains, then a stream of device changes into
/// IHouseholdScenesGrain.OnDeviceChanges as device grains send them; trigger evaluations and firings per second, and
/// the memory a stored scene takes.
/// </summary>
internal static class ScenesSection
{
    private const double EvaluationTarget = 1_000_000;
    private const double BytesPerSceneTarget = 300;

    public static async Task RunAsync(BenchOptions o, List<ResultRow> rows)
    {
        var (definitions, engine, readBack, compacted, engineForm) = SceneMemoryParts.BytesPerScene(Math.Min(o.SceneHouseholds, 20_000), o.ScenesPerHousehold);
        Console.WriteLine($"  outside Orleans: {definitions:N0} bytes per scene definition (as the benchmark writes them), {engine:N0} more per scene for the loaded SceneEngine, {readBack:N0} per definition as read back from the storage's JSON, {compacted:N0} once compacted, {engineForm:N0} in the form the household's engine keeps");
        foreach (var batch in new[] { 1, o.SceneBatch })
        {
            SceneEngineAlone.Measure(batch, o.ScenesPerHousehold, 1);
            var (rate, bytes) = SceneEngineAlone.Measure(batch, o.ScenesPerHousehold, 3);
            Console.WriteLine($"  engine alone, {batch} per call: {rate:N0} evaluations/s, {bytes:F1} bytes allocated per evaluation");
            rows.Add(new ResultRow($"trigger evaluations/s of SceneEngine.OnPropertyChanges alone, {batch} change(s) per call, one thread", $"{rate:N0} ({bytes:F1} bytes allocated each)", "—",
                "the same stream fed straight into 1,000 households' engines, without Orleans, the grain or its world (the engine's own share of an evaluation); after 1 s of warm-up; 3 s"));
        }

        var host = await InProcessHost.StartAsync();
        using var counters = new SceneCounters();
        try
        {
            var heapEmpty = CompactedHeap();
            var (homesRate, _) = await ForEachHouseholdAsync(host, o, "households", async (grains, i) =>
            {
                var household = grains.GetGrain<IHouseholdGrain>(SceneHome.HouseholdId(i));
                await household.Create(SceneHome.Setup(i));
                await household.AddDevices(SceneHome.DeviceEntries(i));
            });
            var heapNoScenes = CompactedHeap();
            var (scenesRate, scenesCpu) = await ForEachHouseholdAsync(host, o, "SaveScenes", async (grains, i) =>
            {
                var saved = await grains.GetGrain<IHouseholdScenesGrain>(SceneHome.HouseholdId(i)).SaveScenes(SceneHome.Scenes(i, o.ScenesPerHousehold));
                if (!saved.AreSaved)
                {
                    throw new InvalidOperationException($"{SceneHome.HouseholdId(i)}: {string.Join("; ", saved.Results.SelectMany(r => r.Problems).Select(p => $"{p.Path}: {p.Message}"))}");
                }
            });
            // The unregistered devices that SaveScenes tried to tell deactivate when idle; wait for them to go.
            await Task.Delay(3000);
            var heapScenes = CompactedHeap();
            var activations = await host.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
            var scenes = (double)o.SceneHouseholds * o.ScenesPerHousehold;
            var perScene = (heapScenes - heapNoScenes) / scenes;
            var storedJson = await StoredJsonBytesAsync(host, o.SceneHouseholds - 1);
            var jsonPerScene = storedJson / (double)o.ScenesPerHousehold;
            Console.WriteLine($"  heap {heapEmpty / 1048576:N0} → {heapNoScenes / 1048576:N0} (households) → {heapScenes / 1048576:N0} MiB (with scenes); {activations:N0} activations; one household's scenes state is {storedJson:N0} bytes of JSON in the in-memory storage");
            rows.Add(new ResultRow("seeding: households/s (Create + AddDevices) and scenes/s (one SaveScenes per household)",
                $"{homesRate:N0} / {scenesRate * o.ScenesPerHousehold:N0}", "—",
                $"{o.SceneHouseholds:N0} households of {SceneHome.DeviceCount} devices (not registered as device grains), {o.ScenesPerHousehold} scenes each saved in one SaveScenes ({scenesRate:N0} households/s; validated, written as JSON to the in-memory storage, each device grain told what the scenes watch: not registered, so it refuses and deactivates); {o.Callers} callers; CPU {scenesCpu:F0}%"));
            rows.Add(new ResultRow("bytes per stored scene in memory (managed heap)", $"{perScene:N0}", $"≤ {BytesPerSceneTarget:N0}",
                $"(heap with {o.ScenesPerHousehold} scenes − heap with 0) / {scenes:N0} scenes, after a full compacting GC; includes the in-memory storage's JSON copy ({jsonPerScene:N0} bytes/scene; on disk with SQLite), the engine's index, the agenda and one grain timer per household (the sunset scene); outside Orleans, a definition alone takes {definitions:N0} bytes ({readBack:N0} as read back from the storage's JSON after a restart, {compacted:N0} once the household compacts them, {engineForm:N0} as the household's engine keeps them) and a SceneEngine loaded with them {engine:N0} more per scene"));
            rows.Add(new ResultRow("bytes per stored scene in memory without the in-memory storage's copy (managed heap, as with SQLite)", $"{perScene - jsonPerScene:N0}", $"≤ {BytesPerSceneTarget:N0}",
                $"the row above less the in-memory storage's JSON ({jsonPerScene:N0} bytes/scene), which SQLite keeps on disk; the household keeps its engine only (definitions without names, descriptions or actions: {engineForm:N0} bytes/scene outside Orleans) and reads the scenes state from storage to list, change or fire"));
            rows.Add(new ResultRow("bytes per household in memory, without / with its scenes (managed heap)",
                $"{(heapNoScenes - heapEmpty) / (double)o.SceneHouseholds:N0} / {(heapScenes - heapEmpty) / (double)o.SceneHouseholds:N0}", "—",
                $"{o.SceneHouseholds:N0} active household grains, their two states and the in-memory storage's JSON copies; {activations:N0} activations in the silo"));

            await StreamRowsAsync(host, counters, o, rows);
            var heapStreamed = CompactedHeap();
            rows.Add(new ResultRow("bytes per household after the stream (the values scenes read, kept per household)",
                $"{(heapStreamed - heapEmpty) / (double)o.SceneHouseholds:N0}", "—",
                $"as above, after every household got changes of its 4 watched properties; load {ProcFs.LoadAverage()}"));
        }
        finally
        {
            await InProcessHost.StopAsync(host, 60);
        }
    }

    private static async Task StreamRowsAsync(RunningHost host, SceneCounters counters, BenchOptions o, List<ResultRow> rows)
    {
        var single = new SceneStream(o.SceneHouseholds, 1, o.ScenesPerHousehold);
        var batched = new SceneStream(o.SceneHouseholds, o.SceneBatch, o.ScenesPerHousehold);
        await StreamAsync(host, counters, batched, o.SceneInflight, 3, "scenes warm-up");
        // A pause lets .NET's tier-1 recompilation run (see the e2e warm-up).
        await Task.Delay(2000);
        await StreamAsync(host, counters, single, o.SceneInflight, 2, "scenes warm-up 2");
        foreach (var stream in new[] { single, batched })
        {
            var run = await StreamAsync(host, counters, stream, o.SceneInflight, o.SceneSeconds, $"scenes, {stream.Batch} per call");
            var what = stream.Batch == 1
                ? "one change per call"
                : $"{stream.Batch} changes per call (the next {stream.Batch} readings of one device: a sensor's temperature and humidity in turn, a purifier's PM2.5 or a plug's power)";
            var d = run.Counted;
            rows.Add(new ResultRow($"trigger evaluations/s, {what}", $"{d.TriggerEvaluations / run.Seconds:N0}", $"{EvaluationTarget:N0}",
                $"{run.Calls / run.Seconds:N0} OnDeviceChanges calls/s (one-way, from the silo's IGrainFactory, at most {(long)o.SceneInflight * stream.Batch * 2:N0} evaluations outstanding: {o.SceneInflight:N0} to {2 * o.SceneInflight:N0} calls) round robin over {o.SceneHouseholds:N0} households × 3 devices, {o.SceneSeconds} s; each change tests the triggers indexed for its device property (2 for the sensor's, 1 for the others'); CPU {run.Cpu:F0}%; drained in {run.DrainSeconds:F1} s; load {ProcFs.LoadAverage()}"));
            rows.Add(new ResultRow($"scene firings/s, {what}", $"{d.Firings / run.Seconds:N0}", "—",
                $"one reading in {SceneStream.CrossingEvery} of each key crosses its threshold: temperature and power fire a scene (set actions on devices that are offline, so nothing is sent: the firing measures the engine and the runner), humidity and PM2.5 start a 10/2-minute hold that the next reading ends; {d.ConditionEvaluations:N0} conditions checked, {d.Skipped:N0} skipped, {d.LoopsStopped:N0} loops stopped"));
        }
    }

    private sealed record StreamRun(SceneCounters.Snapshot Counted, double Seconds, long Calls, double Cpu, double DrainSeconds);

    /// <summary>Sends the stream's calls for the given seconds, keeping at most <paramref name="inflight"/> calls' worth of evaluations outstanding; then waits for them to be evaluated.</summary>
    private static async Task<StreamRun> StreamAsync(RunningHost host, SceneCounters counters, SceneStream stream, int inflight, int seconds, string name)
    {
        var sent = counters.TriggerEvaluations;
        var window = (long)inflight * stream.Batch * 2;
        long next = -1;
        long calls = 0;
        var before = counters.Read();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        SceneCounters.Snapshot after;
        double measured;
        await using (var progress = new ProgressLine(name, () => counters.TriggerEvaluations - before.TriggerEvaluations, OrleansCounters.Line))
        {
            var producers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    while (Interlocked.Read(ref sent) - counters.TriggerEvaluations > window)
                    {
                        await Task.Delay(1);
                    }

                    var (householdId, deviceId, changes, evaluations) = stream.Call(Interlocked.Increment(ref next));
                    Interlocked.Add(ref sent, evaluations);
                    Interlocked.Increment(ref calls);
                    await host.Grains.GetGrain<IHouseholdScenesGrain>(householdId).OnDeviceChanges(deviceId, changes);
                }
            })).ToList();
            await Task.WhenAll(producers);
            after = counters.Read();
            measured = clock.Elapsed.TotalSeconds;
            var cpu = progress.MeanCpuOver(seconds);
            var drain = Stopwatch.StartNew();
            while (counters.TriggerEvaluations < Interlocked.Read(ref sent) && drain.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            if (counters.TriggerEvaluations < sent)
            {
                Console.WriteLine($"  {sent - counters.TriggerEvaluations:N0} evaluations still outstanding after 60 s");
            }

            return new StreamRun(after - before, measured, calls, cpu, drain.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Runs the action for every household from the callers; returns households/s and the mean CPU.</summary>
    private static async Task<(double Rate, double Cpu)> ForEachHouseholdAsync(RunningHost host, BenchOptions o, string name, Func<IGrainFactory, int, Task> action)
    {
        var grains = host.Grains;
        long next = -1, done = 0;
        var clock = Stopwatch.StartNew();
        await using var progress = new ProgressLine(name, () => Interlocked.Read(ref done), OrleansCounters.Line);
        await Task.WhenAll(Enumerable.Range(0, o.Callers).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < o.SceneHouseholds)
            {
                await action(grains, (int)i);
                Interlocked.Increment(ref done);
            }
        })));
        return (o.SceneHouseholds / clock.Elapsed.TotalSeconds, progress.MeanCpu);
    }

    /// <summary>The bytes the in-memory storage holds for one household's scenes: its state as JSON.</summary>
    private static async Task<long> StoredJsonBytesAsync(RunningHost host, int household)
    {
        var listed = await host.Grains.GetGrain<IHouseholdScenesGrain>(SceneHome.HouseholdId(household)).ListScenes();
        var state = new HouseholdScenesState { Scenes = [.. listed.Select(s => s.Scene)] };
        return JsonGrainStateSerializer.Default.Serialize(state).ToMemory().Length;
    }

    /// <summary>The managed heap after a full, blocking, compacting collection (the large object heap too).</summary>
    public static long CompactedHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false);
    }
}
