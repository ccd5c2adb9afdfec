using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Households;

/// <summary>
/// The "scenes" state kept cold: once the engine holds what evaluation needs, the definitions (names, descriptions,
/// actions) are dropped from memory and read again from storage when a scene is listed, changed or fired.
/// </summary>
public sealed partial class HouseholdGrain
{
    // Every read and write of the scenes state, one at a time: a change reads, changes and writes the stored list,
    // so two saves interleaved at their awaits could otherwise each write a list without the other's scene.
    private readonly SemaphoreSlim _scenesStorage = new(1, 1);

    /// <summary>The household's scenes as stored, read from storage; the definitions are not kept.</summary>
    private Task<List<SceneDefinition>> StoredScenesAsync() => WithStoredScenesAsync(stored => (stored.Scenes, false));

    /// <summary>One scene as stored, for a firing; null when it is no longer there.</summary>
    private async Task<SceneDefinition?> StoredSceneAsync(string sceneId) =>
        (await StoredScenesAsync()).Find(s => s.Id == sceneId);

    /// <summary>
    /// Reads the scenes state from storage, lets <paramref name="work"/> use it and say whether it changed it, writes it
    /// if so, and lets the definitions go cold again, all while no other read or write of the state runs.
    /// </summary>
    private async Task<T> WithStoredScenesAsync<T>(Func<HouseholdScenesState, (T Result, bool Changed)> work)
    {
        _ = Engine;
        await _scenesStorage.WaitAsync();
        try
        {
            await scenes.ReadStateAsync();
            var (result, changed) = work(scenes.State);
            if (changed)
            {
                await scenes.WriteStateAsync();
            }

            return result;
        }
        finally
        {
            ColdScenes();
            _scenesStorage.Release();
        }
    }

    /// <summary>Keeps only what is small and shown often (the recent notifications); the engine has the rest.</summary>
    private void ColdScenes()
    {
        if (scenes.State.Scenes.Count > 0)
        {
            scenes.State = new HouseholdScenesState { Scenes = [], Notifications = scenes.State.Notifications };
        }
    }

    private bool HasScenes => _sceneEngine is { } engine ? engine.Scenes.Count > 0 : Scenes.Scenes.Count > 0;
}
