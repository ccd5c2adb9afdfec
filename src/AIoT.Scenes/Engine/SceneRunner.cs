using AIoT.Scenes.Model;

namespace AIoT.Scenes.Engine;

/// <summary>Runs a scene's actions in order, each with its result; a failing action is recorded and the next one runs.</summary>
public static class SceneRunner
{
    public static async Task<(SceneFiring Firing, PendingRun? Pending)> RunAsync(
        SceneDefinition scene, int from, string trigger, SceneChain chain, IReadOnlyList<ActionOutcome> done, DateTimeOffset firedAt, ISceneEffects effects, DateTimeOffset now)
    {
        var outcomes = new List<ActionOutcome>(done);
        for (var i = from; i < scene.Actions.Count; i++)
        {
            var action = scene.Actions[i];
            if (action is DelayAction delay)
            {
                var until = now + delay.Duration;
                outcomes.Add(new ActionOutcome(i, "delay", "", ActionStatus.Waiting, $"until {until:O}"));
                return (new SceneFiring(scene.Id, firedAt, trigger, chain.ToString(), outcomes), new PendingRun(scene, i + 1, trigger, chain, outcomes, firedAt));
            }

            outcomes.Add(await RunOneAsync(i, action, scene.Id, chain, effects));
        }

        return (new SceneFiring(scene.Id, firedAt, trigger, chain.ToString(), outcomes), null);
    }

    private static async Task<ActionOutcome> RunOneAsync(int index, SceneAction action, string sceneId, SceneChain chain, ISceneEffects effects)
    {
        try
        {
            return action switch
            {
                SetAction set => await effects.SetAsync(index, set, chain),
                InvokeAction invoke => await effects.InvokeAsync(index, invoke, chain),
                ModeAction mode => await effects.SetModeAsync(index, mode, chain),
                NotifyAction notify => await effects.NotifyAsync(index, notify, sceneId, chain),
                RunSceneAction run => await effects.RunSceneAsync(index, run, chain),
                _ => new ActionOutcome(index, action.GetType().Name, "", ActionStatus.Failed, "unknown action"),
            };
        }
        catch (Exception ex)
        {
            return new ActionOutcome(index, Describe(action), Target(action), ActionStatus.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public static string Describe(SceneAction action) => action switch
    {
        SetAction => "set",
        InvokeAction => "invoke",
        ModeAction => "mode",
        NotifyAction => "notify",
        DelayAction => "delay",
        RunSceneAction => "scene",
        _ => action.GetType().Name,
    };

    public static string Target(SceneAction action) => action switch
    {
        SetAction set => set.Device,
        InvokeAction invoke => invoke.Device,
        ModeAction mode => mode.Mode,
        RunSceneAction run => run.Scene,
        _ => "",
    };
}
