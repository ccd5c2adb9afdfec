using System.Diagnostics;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// The engine's own share of an evaluation: the stream's changes fed straight into SceneEngine.OnPropertyChanges on
/// one thread, without Orleans, the grain or its world; time and bytes allocated per trigger evaluation.
/// </summary>
internal static class SceneEngineAlone
{
    private const int Households = 1000;

    public static (double EvaluationsPerSecond, double BytesPerEvaluation) Measure(int batch, int scenesPerHousehold, double seconds)
    {
        var stream = new SceneStream(Households, batch, scenesPerHousehold);
        var now = DateTimeOffset.UtcNow;
        var engines = new Dictionary<string, SceneEngine>(StringComparer.Ordinal);
        for (var i = 0; i < Households; i++)
        {
            var engine = new SceneEngine(SceneClock.Beijing);
            engine.Load(Normalised(SceneHome.Scenes(i, scenesPerHousehold)), now);
            engines[SceneHome.HouseholdId(i)] = engine;
        }

        // The calls are made before the clock starts, so that only the engine is timed.
        var calls = Enumerable.Range(0, Math.Max(3 * Households, 300_000 / batch)).Select(k => stream.Call(k)).ToArray();
        long evaluations = 0, allocated = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            foreach (var (householdId, deviceId, changes, count) in calls)
            {
                engines[householdId].OnPropertyChanges(deviceId, changes, SceneChain.Empty, now);
                evaluations += count;
            }

            allocated += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        }

        return (evaluations / clock.Elapsed.TotalSeconds, allocated / (double)evaluations);
    }

    /// <summary>The scenes with MIoT keys for the aliases, as the household's validation stores them.</summary>
    private static List<SceneDefinition> Normalised(List<SceneDefinition> scenes) =>
        [.. scenes.Select(s => s with
        {
            Triggers = [.. s.Triggers.Select(t => t is PropertyTrigger p ? p with { Property = Key(p.Property) } : t)],
        })];

    private static string Key(string alias) => alias switch
    {
        SceneHome.Temperature => "2.1",
        SceneHome.Humidity => "2.2",
        SceneHome.Pm25 => "3.6",
        SceneHome.Power => "11.2",
        _ => alias,
    };
}
