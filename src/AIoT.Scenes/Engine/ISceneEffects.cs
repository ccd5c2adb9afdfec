using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>What actions do to the world; the household grain carries them out through the twins' grains.</summary>
public interface ISceneEffects
{
    Task<ActionOutcome> SetAsync(int index, SetAction action, SceneChain chain);

    Task<ActionOutcome> InvokeAsync(int index, InvokeAction action, SceneChain chain);

    Task<ActionOutcome> SetModeAsync(int index, ModeAction action, SceneChain chain);

    Task<ActionOutcome> NotifyAsync(int index, NotifyAction action, string sceneId, SceneChain chain);

    Task<ActionOutcome> RunSceneAsync(int index, RunSceneAction action, SceneChain chain);
}
