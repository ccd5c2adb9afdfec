using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using Orleans.Concurrency;

namespace AIoT.Ecosystem.Households;

/// <summary>
/// A household's scenes: kept in its grain and evaluated there, so they scale out with households. The same grain as
/// <see cref="IHouseholdGrain"/> (same key), seen through its scene API.
/// </summary>
public interface IHouseholdScenesGrain : IGrainWithStringKey
{
    /// <summary>Adds the scene, or replaces the one with its id; checked against the household's devices first, and not saved if anything is wrong.</summary>
    Task<SceneSaveResult> SaveScene(SceneDefinition scene);

    /// <summary>Adds or replaces several scenes in one write: all of them, or (when any has a problem) none; scenes may run each other.</summary>
    Task<SceneSaveResults> SaveScenes(IReadOnlyList<SceneDefinition> scenes);

    /// <summary>Checks a scene as <see cref="SaveScene"/> would, saving nothing.</summary>
    [ReadOnly]
    Task<SceneSaveResult> CheckScene(SceneDefinition scene);

    /// <summary>Checks several scenes as <see cref="SaveScenes"/> would (they may run each other), saving nothing.</summary>
    [ReadOnly]
    Task<SceneSaveResults> CheckScenes(IReadOnlyList<SceneDefinition> scenes);

    [ReadOnly]
    Task<IReadOnlyList<SceneStatus>> ListScenes();

    /// <summary>False when the household has no such scene.</summary>
    Task<bool> SetSceneEnabled(string sceneId, bool enabled);

    /// <summary>False when the household has no such scene.</summary>
    Task<bool> RemoveScene(string sceneId);

    /// <summary>Runs a scene's actions now, whatever its triggers and conditions; null when there is no such scene.</summary>
    Task<SceneFiring?> FireScene(string sceneId);

    [ReadOnly]
    Task<SceneActivity> GetSceneActivity();

    /// <summary>Scenes fitted to this home from the templates (its devices, rooms, members' ages and routines, its city's climate), each with its reason.</summary>
    Task<IReadOnlyList<SuggestedScene>> SuggestScenes();

    /// <summary>Installs the suggested scene with this id; null when nothing suggested has it.</summary>
    Task<SceneSaveResult?> AcceptSuggestion(string sceneId);

    Task SubscribeScenes(ISceneObserver observer);

    Task UnsubscribeScenes(ISceneObserver observer);

    /// <summary>A device reports changes of properties some scene watches; one-way, so a device never waits on its home.</summary>
    [OneWay]
    Task OnDeviceChanges(string deviceId, IReadOnlyList<PropertyChange> changes);

    [OneWay]
    Task OnDeviceEvent(string deviceId, string eventKey, IReadOnlyList<PropertyChange> arguments);

    [OneWay]
    Task OnPresence(string personId, PersonLocation from, PersonLocation to);

    [OneWay]
    Task OnGeofence(GeofenceEvent geofenceEvent);
}
