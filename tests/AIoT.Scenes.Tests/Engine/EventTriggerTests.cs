using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Device events: the right device and event, and arguments equal to the values a trigger names.</summary>
public sealed class EventTriggerTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static SceneEngine EngineWith(params SceneDefinition[] scenes)
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(scenes, T0);
        return engine;
    }

    [Fact]
    public void An_event_trigger_without_arguments_fires_on_every_such_event_of_that_device_only()
    {
        var engine = EngineWith(TestScenes.Make("unlocked", new EventTrigger("lock", "2.e1")));

        var candidate = Assert.Single(engine.OnEvent("lock", "2.e1", [("2.1", SceneValue.Of(2))], SceneChain.Empty, T0));
        Assert.Equal("lock event 2.e1", candidate.Trigger);
        Assert.Empty(engine.OnEvent("lock", "2.e2", [], SceneChain.Empty, T0));
        Assert.Empty(engine.OnEvent("lock2", "2.e1", [], SceneChain.Empty, T0));
    }

    [Fact]
    public void An_argument_filter_fires_only_when_the_event_carries_that_value()
    {
        // Unlocked by fingerprint (method 2), not by key or app.
        var engine = EngineWith(TestScenes.Make("fingerprint", new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(2))] }));

        Assert.Single(engine.OnEvent("lock", "2.e1", [("2.2", SceneValue.Of(7)), ("2.1", SceneValue.Of(2))], SceneChain.Empty, T0));
        Assert.Empty(engine.OnEvent("lock", "2.e1", [("2.1", SceneValue.Of(3))], SceneChain.Empty, T0));
        Assert.Empty(engine.OnEvent("lock", "2.e1", [], SceneChain.Empty, T0));
        Assert.Empty(engine.OnEvent("lock", "2.e1", [("2.2", SceneValue.Of(2))], SceneChain.Empty, T0));
    }

    [Fact]
    public void Every_argument_a_trigger_names_must_match()
    {
        var trigger = new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(2)), new ArgumentMatch("2.2", SceneValue.Of(7))] };

        Assert.True(TriggerMatch.Fires(trigger, [("2.1", SceneValue.Of(2)), ("2.2", SceneValue.Of(7))]));
        Assert.False(TriggerMatch.Fires(trigger, [("2.1", SceneValue.Of(2)), ("2.2", SceneValue.Of(8))]));
        Assert.False(TriggerMatch.Fires(trigger, [("2.1", SceneValue.Of(2))]));
    }
}
