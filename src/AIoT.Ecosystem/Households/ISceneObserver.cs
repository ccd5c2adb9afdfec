using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Households;

/// <summary>Hears a household's scenes as they land: dashboards, tests.</summary>
public interface ISceneObserver : IGrainObserver
{
    void OnSceneFired(string householdId, SceneFiring firing);

    void OnSceneSkipped(string householdId, SceneSkip skip);

    /// <summary>What the household's scenes wait for changed: a property must now hold for a while, a debounce or a delay started or ended.</summary>
    void OnScenesWaiting(string householdId, IReadOnlyList<SceneWait> waiting);
}
