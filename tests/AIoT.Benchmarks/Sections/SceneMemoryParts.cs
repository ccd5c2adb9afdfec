using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// Where a stored scene's bytes go, outside Orleans: the definitions alone, then a scene engine per household loaded
/// with them (its trigger index, agenda and run-time state).
/// </summary>
internal static class SceneMemoryParts
{
    public static (double Definitions, double Engine) BytesPerScene(int households, int scenesPerHousehold)
    {
        var before = ScenesSection.CompactedHeap();
        var homes = new List<List<SceneDefinition>>(households);
        for (var i = 0; i < households; i++)
        {
            homes.Add(SceneHome.Scenes(i, scenesPerHousehold));
        }

        var withDefinitions = ScenesSection.CompactedHeap();
        var now = DateTimeOffset.UtcNow;
        var engines = new List<SceneEngine>(households);
        foreach (var home in homes)
        {
            var engine = new SceneEngine(SceneClock.Beijing);
            engine.Load(home, now);
            engines.Add(engine);
        }

        var withEngines = ScenesSection.CompactedHeap();
        var scenes = (double)households * scenesPerHousehold;
        GC.KeepAlive(homes);
        GC.KeepAlive(engines);
        return ((withDefinitions - before) / scenes, (withEngines - withDefinitions) / scenes);
    }
}
