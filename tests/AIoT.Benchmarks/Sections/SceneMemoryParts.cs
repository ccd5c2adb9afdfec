using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Storage.Serialization;

namespace AIoT.Benchmarks.Sections;

/// <summary>
/// Where a stored scene's bytes go, outside Orleans: the definitions alone, then a scene engine per household loaded
/// with them (its trigger index, agenda and run-time state); and the definitions as a household reads them back from
/// the grain storage's JSON when it activates, which is how a silo holds them after a restart, before and after the
/// household compacts them, and the form its engine keeps between edits (no names, descriptions or actions).
/// </summary>
internal static class SceneMemoryParts
{
    public static (double Definitions, double Engine, double ReadBack, double Compacted, double EngineForm) BytesPerScene(int households, int scenesPerHousehold)
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
        GC.KeepAlive(engines);
        engines.Clear();
        var serializer = JsonGrainStateSerializer.Default;
        var stored = homes.Select(h => serializer.Serialize(new HouseholdScenesState { Scenes = h })).ToList();
        homes.Clear();
        var withStored = ScenesSection.CompactedHeap();
        var readBack = stored.Select(json => serializer.Deserialize<HouseholdScenesState>(json)).ToList();
        var withReadBack = ScenesSection.CompactedHeap();
        var compacted = readBack.Select((state, i) => SceneCompactor.Compact(state.Scenes, SceneHome.DeviceEntries(i).Select(d => d.DeviceId))).ToList();
        readBack.Clear();
        var withCompacted = ScenesSection.CompactedHeap();
        var engineForms = compacted.Select(home => home.Select(SceneCompactor.ForEngine).ToList()).ToList();
        compacted.Clear();
        var withEngineForms = ScenesSection.CompactedHeap();
        GC.KeepAlive(stored);
        GC.KeepAlive(engineForms);
        return ((withDefinitions - before) / scenes, (withEngines - withDefinitions) / scenes, (withReadBack - withStored) / scenes, (withCompacted - withStored) / scenes, (withEngineForms - withStored) / scenes);
    }
}
