using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Tests.Support;

/// <summary>Carries out nothing: records each action it was asked for, in order; throws for the action indexes it is told to.</summary>
internal sealed class RecordingEffects : ISceneEffects
{
    public List<(int Index, string Action, string Target, string Chain)> Calls { get; } = [];

    public HashSet<int> Throwing { get; } = [];

    public Task<ActionOutcome> SetAsync(int index, SetAction action, SceneChain chain) => Record(index, "set", action.Device, chain);

    public Task<ActionOutcome> InvokeAsync(int index, InvokeAction action, SceneChain chain) => Record(index, "invoke", action.Device, chain);

    public Task<ActionOutcome> SetModeAsync(int index, ModeAction action, SceneChain chain) => Record(index, "mode", action.Mode, chain);

    public Task<ActionOutcome> NotifyAsync(int index, NotifyAction action, string sceneId, SceneChain chain) => Record(index, "notify", action.Message, chain);

    public Task<ActionOutcome> RunSceneAsync(int index, RunSceneAction action, SceneChain chain) => Record(index, "scene", action.Scene, chain);

    private async Task<ActionOutcome> Record(int index, string action, string target, SceneChain chain)
    {
        await Task.Yield();
        Calls.Add((index, action, target, chain.ToString()));
        if (Throwing.Contains(index))
        {
            throw new InvalidOperationException($"device for action {index} is gone");
        }

        return new ActionOutcome(index, action, target, ActionStatus.Ok, null);
    }
}
