using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>The pieces together, as the household drives them: a change, the condition, the admission, the actions.</summary>
public sealed class SceneFlowTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static readonly SceneDefinition Purify = TestScenes.Make(
        "purify",
        [new PropertyTrigger("purifier", "3.6") { Above = 75 }],
        new AllCondition([new PresenceCondition(PresenceCondition.Anyone, PresenceTest.Home), new PropertyCondition("purifier", "2.1", Comparison.Equals, SceneValue.Of(false))]),
        [new SetAction("purifier", [new PropertySetting("2.1", SceneValue.Of(true))]), new NotifyAction("PM2.5 is high: purifier on")]);

    private static async Task<SceneFiring?> ReportAsync(SceneEngine engine, FakeWorld world, RecordingEffects effects, double old, double now, DateTimeOffset at)
    {
        foreach (var candidate in engine.OnPropertyChanges("purifier", [new PropertyChange("3.6", SceneValue.Of(old), SceneValue.Of(now))], SceneChain.Empty, at))
        {
            if (ConditionEvaluator.Evaluate(candidate.Scene.Condition, world, at) == Truth.True && engine.Admit(candidate, at).Runs)
            {
                return (await SceneRunner.RunAsync(candidate.Scene, 0, candidate.Trigger, candidate.Chain.Then(candidate.Scene.Id), [], at, effects, at)).Firing;
            }
        }

        return null;
    }

    [Fact]
    public async Task High_pm_with_someone_home_and_the_purifier_off_switches_it_on_once()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([Purify], T0);
        var world = new FakeWorld().With("bob", Whereabouts.Home).With("purifier", "2.1", SceneValue.Of(false));
        var effects = new RecordingEffects();

        var firing = await ReportAsync(engine, world, effects, 40, 90, T0);

        Assert.NotNull(firing);
        Assert.True(firing.Succeeded);
        Assert.Equal("purifier 3.6 40 -> 90", firing.Trigger);
        Assert.Equal([(0, "set", "purifier", "purify"), (1, "notify", "PM2.5 is high: purifier on", "purify")], effects.Calls);
        Assert.Null(await ReportAsync(engine, world, effects, 90, 120, T0.AddMinutes(1)));
        Assert.Equal(2, effects.Calls.Count);
    }

    [Fact]
    public async Task With_nobody_known_to_be_home_the_scene_waits_for_what_it_needs()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([Purify], T0);
        var world = new FakeWorld().With("bob", Whereabouts.Away);
        var candidate = Assert.Single(engine.OnPropertyChanges("purifier", [new PropertyChange("3.6", SceneValue.Of(40), SceneValue.Of(90))], SceneChain.Empty, T0));
        var needs = new List<SceneNeed>();

        Assert.Equal(Truth.Unknown, ConditionEvaluator.Evaluate(candidate.Scene.Condition, world, T0, needs));
        Assert.Equal([new PersonNeed("alice"), new PropertyNeed("purifier", "2.1")], needs);

        world.With("alice", Whereabouts.Home).With("purifier", "2.1", SceneValue.Of(false));
        Assert.Equal(Truth.True, ConditionEvaluator.Evaluate(candidate.Scene.Condition, world, T0));
    }
}
