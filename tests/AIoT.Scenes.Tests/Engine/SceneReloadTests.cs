using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Loading the household's scenes again: unchanged scenes keep what they wait for and their firings; changed and removed ones start over.</summary>
public sealed class SceneReloadTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static readonly SceneDefinition PmHigh = TestScenes.Make("pm-high", new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(5) }) with
    {
        Cooldown = TimeSpan.FromMinutes(30),
    };

    private static SceneEngine EngineWithHold()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([PmHigh], T0);
        engine.OnPropertyChanges("purifier", [new PropertyChange("3.6", SceneValue.Of(50), SceneValue.Of(80))], SceneChain.Empty, T0);
        return engine;
    }

    [Fact]
    public void An_unchanged_scene_keeps_its_hold_and_its_cooldown()
    {
        var engine = EngineWithHold();
        Assert.True(engine.Admit(new SceneCandidate(PmHigh, "by hand", SceneChain.Empty), T0).Runs);

        engine.Load([PmHigh, TestScenes.Make("other", new ModeTrigger())], T0.AddMinutes(1));

        var held = Assert.Single(engine.OnTick(T0.AddMinutes(5)).Candidates);
        Assert.False(engine.Admit(held, T0.AddMinutes(5)).Runs);
        Assert.Equal(T0, engine.LastFired("pm-high"));
    }

    [Fact]
    public void A_changed_scene_drops_its_hold()
    {
        var engine = EngineWithHold();

        engine.Load([PmHigh with { Name = "PM high" }], T0.AddMinutes(1));

        Assert.Empty(engine.OnTick(T0.AddMinutes(5)).Candidates);
    }

    [Fact]
    public void A_removed_scene_forgets_its_firings()
    {
        var engine = EngineWithHold();
        engine.Admit(new SceneCandidate(PmHigh, "by hand", SceneChain.Empty), T0);

        engine.Load([], T0.AddMinutes(1));

        Assert.Null(engine.LastFired("pm-high"));
        Assert.Null(engine.Find("pm-high"));
        Assert.Empty(engine.OnTick(T0.AddMinutes(5)).Candidates);
    }
}
