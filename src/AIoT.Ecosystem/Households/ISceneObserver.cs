using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Households;

/// <summary>Hears a household's scenes as they land: dashboards, tests.</summary>
public interface ISceneObserver : IGrainObserver
{
    void OnSceneFired(string householdId, SceneFiring firing);

    void OnSceneSkipped(string householdId, SceneSkip skip);
}
