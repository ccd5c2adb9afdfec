using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>The index: a change looks up only the scenes listening to it, and each device is told exactly what to report.</summary>
public sealed class SceneIndexTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static readonly SceneDefinition PmHigh = TestScenes.Make(
        "pm-high",
        [new PropertyTrigger("purifier", "3.6") { Above = 75 }],
        new AllCondition(
        [
            new PropertyCondition("lamp", "2.1", Comparison.Equals, SceneValue.Of(false)),
            new NotCondition(new PropertyCondition("purifier", "3.7", Comparison.Below, SceneValue.Of(30))),
        ]),
        TestScenes.NotifyOnly);

    private static readonly SceneDefinition Unlocked = TestScenes.Make(
        "unlocked",
        [new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(2))] }, new PropertyTrigger("lamp", "2.1") { To = SceneValue.Of(true) }],
        new AnyCondition([new PropertyCondition("sensor", "4.1", Comparison.AtLeast, SceneValue.Of(1)), new ModeCondition(["away"])]),
        TestScenes.NotifyOnly);

    private static readonly SceneDefinition Disabled = TestScenes.Make(
        "disabled",
        [new PropertyTrigger("lamp", "2.2"), new EventTrigger("lock", "2.e2")],
        new PropertyCondition("fridge", "1.1", Comparison.Equals, SceneValue.Of(true)),
        TestScenes.NotifyOnly) with { Enabled = false };

    private static readonly SceneDefinition NoDevices = TestScenes.Make(
        "no-devices",
        [new PresenceTrigger("alice") { To = Whereabouts.Home }, new TimeTrigger(DayTime.At(new TimeOnly(7, 0)))],
        new PresenceCondition(PresenceCondition.Anyone, PresenceTest.Home),
        TestScenes.NotifyOnly);

    private static SceneEngine Engine()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load([PmHigh, Unlocked, Disabled, NoDevices], T0);
        return engine;
    }

    [Fact]
    public void A_change_of_a_property_no_scene_watches_finds_no_triggers()
    {
        var engine = Engine();

        Assert.Empty(engine.Index.PropertyTriggers("purifier", "3.7"));
        Assert.Empty(engine.Index.PropertyTriggers("lamp", "2.2"));
        Assert.Empty(engine.Index.PropertyTriggers("sensor", "4.1"));
        Assert.Empty(engine.OnPropertyChanges("purifier", [new PropertyChange("3.7", SceneValue.Of(50), SceneValue.Of(10))], SceneChain.Empty, T0));
        Assert.Empty(engine.OnPropertyChanges("lamp", [new PropertyChange("2.2", SceneValue.Of(50), SceneValue.Of(10))], SceneChain.Empty, T0));
        Assert.Empty(engine.OnEvent("lock", "2.e2", [], SceneChain.Empty, T0));
    }

    [Fact]
    public void A_watched_property_or_event_finds_exactly_its_triggers()
    {
        var engine = Engine();

        Assert.Equal("pm-high", Assert.Single(engine.Index.PropertyTriggers("purifier", "3.6")).Scene.Id);
        Assert.Equal("unlocked", Assert.Single(engine.Index.PropertyTriggers("lamp", "2.1")).Scene.Id);
        Assert.Equal("unlocked", Assert.Single(engine.Index.EventTriggers("lock", "2.e1")).Scene.Id);
        Assert.Empty(engine.Index.EventTriggers("lamp", "2.e1"));
    }

    [Fact]
    public void Interests_list_exactly_the_watched_property_and_event_keys_per_device_including_properties_only_in_conditions()
    {
        var interests = Engine().Index.Interests();

        Assert.Equal(["lamp", "lock", "purifier", "sensor"], interests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2.1"], interests["lamp"].Properties);
        Assert.Empty(interests["lamp"].Events);
        Assert.Equal(["3.6", "3.7"], interests["purifier"].Properties);
        Assert.Empty(interests["purifier"].Events);
        Assert.Empty(interests["lock"].Properties);
        Assert.Equal(["2.e1"], interests["lock"].Events);
        Assert.Equal(["4.1"], interests["sensor"].Properties);
    }

    [Fact]
    public void Interests_follow_the_scenes_when_they_are_reloaded()
    {
        var engine = Engine();

        engine.Load([PmHigh, Disabled with { Enabled = true }], T0);
        var interests = engine.Index.Interests();

        Assert.Equal(["fridge", "lamp", "lock", "purifier"], interests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2.1", "2.2"], interests["lamp"].Properties);
        Assert.Equal(["2.e2"], interests["lock"].Events);
        Assert.True(interests["lamp"].SameAs(new DeviceInterest(["2.1", "2.2"], [])));
    }

    [Fact]
    public void Two_scenes_on_one_property_are_both_found_and_the_key_is_listed_once()
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(
            [TestScenes.Make("a", new PropertyTrigger("lamp", "2.1")), TestScenes.Make("b", new PropertyTrigger("lamp", "2.1"), new PropertyCondition("lamp", "2.1", Comparison.Equals, SceneValue.Of(true)))],
            T0);

        Assert.Equal(["a", "b"], engine.Index.PropertyTriggers("lamp", "2.1").Select(t => t.Scene.Id));
        Assert.Equal(["2.1"], engine.Index.Interests()["lamp"].Properties);
    }
}
