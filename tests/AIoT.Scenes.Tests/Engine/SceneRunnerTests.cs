using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Running a scene's actions: in order, each with its outcome, failures recorded without stopping the rest, delays resumed later.</summary>
public sealed class SceneRunnerTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static readonly SceneChain Chain = SceneChain.Parse("evening>arrive");

    private static SceneDefinition SceneOf(params SceneAction[] actions) =>
        TestScenes.Make("runner", [new PropertyTrigger("lamp", "2.1")], null, actions);

    private static readonly SceneAction[] EveryKind =
    [
        new SetAction("lamp", [new PropertySetting("2.1", SceneValue.Of(true))]),
        new InvokeAction("lamp", "2.a1", []),
        new ModeAction("away"),
        new NotifyAction("bye"),
        new RunSceneAction("lights-off"),
    ];

    [Fact]
    public async Task Actions_run_in_order_each_with_its_outcome_and_the_chain_passed_along()
    {
        var effects = new RecordingEffects();

        var (firing, pending) = await SceneRunner.RunAsync(SceneOf(EveryKind), 0, "lamp 2.1", Chain, [], T0, effects, T0);

        Assert.Null(pending);
        Assert.Equal(
            [(0, "set", "lamp", "evening>arrive"), (1, "invoke", "lamp", "evening>arrive"), (2, "mode", "away", "evening>arrive"), (3, "notify", "bye", "evening>arrive"), (4, "scene", "lights-off", "evening>arrive")],
            effects.Calls);
        Assert.Equal([0, 1, 2, 3, 4], firing.Outcomes.Select(o => o.Index));
        Assert.All(firing.Outcomes, o => Assert.Equal(ActionStatus.Ok, o.Status));
        Assert.True(firing.Succeeded);
        Assert.Equal("runner", firing.SceneId);
        Assert.Equal("lamp 2.1", firing.Trigger);
        Assert.Equal("evening>arrive", firing.Chain);
        Assert.Equal(T0, firing.At);
    }

    [Fact]
    public async Task A_throwing_action_is_recorded_as_failed_and_the_next_one_still_runs()
    {
        var effects = new RecordingEffects { Throwing = { 1 } };

        var (firing, _) = await SceneRunner.RunAsync(SceneOf(EveryKind), 0, "t", SceneChain.Empty, [], T0, effects, T0);

        Assert.Equal([0, 1, 2, 3, 4], effects.Calls.Select(c => c.Index));
        var failed = firing.Outcomes[1];
        Assert.Equal(new ActionOutcome(1, "invoke", "lamp", ActionStatus.Failed, "InvalidOperationException: device for action 1 is gone"), failed);
        Assert.Equal(
            [ActionStatus.Ok, ActionStatus.Failed, ActionStatus.Ok, ActionStatus.Ok, ActionStatus.Ok],
            firing.Outcomes.Select(o => o.Status));
        Assert.False(firing.Succeeded);
    }

    [Fact]
    public async Task A_delay_stops_the_run_with_a_pending_run_that_starts_after_the_delay()
    {
        var effects = new RecordingEffects();
        var scene = SceneOf(new NotifyAction("first"), new DelayAction(TimeSpan.FromSeconds(30)), new NotifyAction("second"), new NotifyAction("third"));

        var (firing, pending) = await SceneRunner.RunAsync(scene, 0, "t", Chain, [], T0, effects, T0);

        Assert.Equal(["first"], effects.Calls.Select(c => c.Target));
        Assert.NotNull(pending);
        Assert.Equal(2, pending.NextAction);
        Assert.Same(scene, pending.Scene);
        Assert.Equal(T0, pending.FiredAt);
        Assert.Equal("evening>arrive", pending.Chain.ToString());
        Assert.Equal([ActionStatus.Ok, ActionStatus.Waiting], firing.Outcomes.Select(o => o.Status));
        Assert.Equal($"until {T0.AddSeconds(30):O}", firing.Outcomes[1].Detail);
        Assert.True(firing.Succeeded);
    }

    [Fact]
    public async Task A_resumed_run_finishes_the_rest_keeping_the_earlier_outcomes()
    {
        var effects = new RecordingEffects();
        var scene = SceneOf(new NotifyAction("first"), new DelayAction(TimeSpan.FromSeconds(30)), new NotifyAction("second"), new NotifyAction("third"));
        var (_, pending) = await SceneRunner.RunAsync(scene, 0, "t", Chain, [], T0, effects, T0);

        var (firing, more) = await SceneRunner.RunAsync(pending!.Scene, pending.NextAction, pending.Trigger, pending.Chain, pending.Done, pending.FiredAt, effects, T0.AddSeconds(30));

        Assert.Null(more);
        Assert.Equal(["first", "second", "third"], effects.Calls.Select(c => c.Target));
        Assert.Equal([0, 1, 2, 3], firing.Outcomes.Select(o => o.Index));
        Assert.Equal([ActionStatus.Ok, ActionStatus.Waiting, ActionStatus.Ok, ActionStatus.Ok], firing.Outcomes.Select(o => o.Status));
        Assert.Equal(T0, firing.At);
    }

    [Fact]
    public async Task A_second_delay_waits_again_from_when_the_run_resumed()
    {
        var effects = new RecordingEffects();
        var scene = SceneOf(new DelayAction(TimeSpan.FromSeconds(30)), new NotifyAction("a"), new DelayAction(TimeSpan.FromMinutes(2)), new NotifyAction("b"));
        var (_, first) = await SceneRunner.RunAsync(scene, 0, "t", SceneChain.Empty, [], T0, effects, T0);

        var (firing, second) = await SceneRunner.RunAsync(scene, first!.NextAction, "t", SceneChain.Empty, first.Done, T0, effects, T0.AddSeconds(30));

        Assert.Equal(3, second!.NextAction);
        Assert.Equal(["a"], effects.Calls.Select(c => c.Target));
        Assert.Equal($"until {T0.AddSeconds(150):O}", firing.Outcomes[^1].Detail);
    }

    [Fact]
    public async Task The_engine_hands_back_a_pending_run_when_its_time_comes()
    {
        var scene = SceneOf(new DelayAction(TimeSpan.FromSeconds(30)), new NotifyAction("later"));
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([scene], T0);
        var (_, pending) = await SceneRunner.RunAsync(scene, 0, "t", SceneChain.Empty, [], T0, new RecordingEffects(), T0);

        engine.Resume(pending!, T0.AddSeconds(30));

        Assert.Equal(T0.AddSeconds(30), engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddSeconds(29)).Resumed);
        Assert.Same(pending, Assert.Single(engine.OnTick(T0.AddSeconds(30)).Resumed));
        Assert.Null(engine.NextDue);
    }

    [Fact]
    public async Task A_pending_run_of_a_removed_scene_is_dropped()
    {
        var scene = SceneOf(new DelayAction(TimeSpan.FromSeconds(30)), new NotifyAction("later"));
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([scene], T0);
        var (_, pending) = await SceneRunner.RunAsync(scene, 0, "t", SceneChain.Empty, [], T0, new RecordingEffects(), T0);
        engine.Resume(pending!, T0.AddSeconds(30));

        engine.Load([], T0.AddSeconds(10));

        Assert.Empty(engine.OnTick(T0.AddSeconds(30)).Resumed);
    }
}
