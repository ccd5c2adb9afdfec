using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Property changes through the engine: which scenes they offer, and 'for' waiting in the agenda until the value has held.</summary>
public sealed class PropertyTriggerEngineTests
{
    private static readonly DateTimeOffset T0 = TestScenes.Monday10;

    private static SceneEngine EngineWith(params SceneDefinition[] scenes)
    {
        var engine = new SceneEngine(SceneClock.Beijing);
        engine.Load(scenes, T0);
        return engine;
    }

    private static List<SceneCandidate> Report(SceneEngine engine, string device, string key, double? old, double now, DateTimeOffset at) =>
        engine.OnPropertyChanges(device, [new PropertyChange(key, old is { } o ? SceneValue.Of(o) : null, SceneValue.Of(now))], SceneChain.Empty, at);

    [Fact]
    public void A_change_offers_exactly_the_scenes_whose_trigger_it_fires()
    {
        var high = TestScenes.Make("pm-high", new PropertyTrigger("purifier", "3.6") { Above = 75 });
        var low = TestScenes.Make("pm-low", new PropertyTrigger("purifier", "3.6") { Below = 35 });
        var otherDevice = TestScenes.Make("other", new PropertyTrigger("purifier2", "3.6") { Above = 75 });
        var engine = EngineWith(high, low, otherDevice);

        var candidates = Report(engine, "purifier", "3.6", 50, 80, T0);

        var candidate = Assert.Single(candidates);
        Assert.Same(high, candidate.Scene);
        Assert.Equal("purifier 3.6 50 -> 80", candidate.Trigger);
        Assert.Empty(Report(engine, "purifier", "3.6", 80, 90, T0.AddSeconds(1)));
        Assert.Equal("pm-low", Assert.Single(Report(engine, "purifier", "3.6", 90, 20, T0.AddSeconds(2))).Scene.Id);
    }

    [Fact]
    public void A_change_passes_on_the_chain_of_scenes_that_caused_it()
    {
        var engine = EngineWith(TestScenes.Make("lamp-on", new PropertyTrigger("lamp", "2.1") { To = SceneValue.Of(true) }));

        var candidate = Assert.Single(engine.OnPropertyChanges("lamp", [new PropertyChange("2.1", SceneValue.Of(false), SceneValue.Of(true))], SceneChain.Parse("evening>arrive"), T0));

        Assert.Equal(["evening", "arrive"], candidate.Chain.Scenes);
    }

    [Fact]
    public void A_for_trigger_fires_only_once_the_value_has_held_that_long()
    {
        var engine = EngineWith(TestScenes.Make("pm-high", new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(5) }));

        Assert.Empty(Report(engine, "purifier", "3.6", 50, 80, T0));
        Assert.Equal(T0.AddMinutes(5), engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddMinutes(5).AddSeconds(-1)).Candidates);

        var candidate = Assert.Single(engine.OnTick(T0.AddMinutes(5)).Candidates);

        Assert.Equal("pm-high", candidate.Scene.Id);
        Assert.Equal("purifier 3.6 50 -> 80 for 5m", candidate.Trigger);
        Assert.Null(engine.NextDue);
    }

    [Fact]
    public void A_for_trigger_keeps_its_start_while_the_value_moves_within_the_range()
    {
        var engine = EngineWith(TestScenes.Make("pm-high", new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(5) }));

        Report(engine, "purifier", "3.6", 50, 80, T0);
        Report(engine, "purifier", "3.6", 80, 110, T0.AddMinutes(2));
        Report(engine, "purifier", "3.6", 110, 90, T0.AddMinutes(4));

        Assert.Single(engine.OnTick(T0.AddMinutes(5)).Candidates);
        Assert.Empty(Report(engine, "purifier", "3.6", 90, 100, T0.AddMinutes(6)));
        Assert.Null(engine.NextDue);
    }

    [Fact]
    public void A_for_trigger_is_cancelled_when_the_value_leaves_the_range_and_starts_again_when_it_comes_back()
    {
        var engine = EngineWith(TestScenes.Make("pm-high", new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(5) }));

        Report(engine, "purifier", "3.6", 50, 80, T0);
        Report(engine, "purifier", "3.6", 80, 60, T0.AddMinutes(3));

        Assert.Null(engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddMinutes(5)).Candidates);

        Report(engine, "purifier", "3.6", 60, 90, T0.AddMinutes(6));
        Assert.Empty(engine.OnTick(T0.AddMinutes(10)).Candidates);
        Assert.Single(engine.OnTick(T0.AddMinutes(11)).Candidates);
    }

    [Fact]
    public void A_for_trigger_with_only_from_is_cancelled_when_the_value_returns_to_from()
    {
        // "The lamp was switched on (left off) and stays on for 10 minutes": switching it off again before then cancels it.
        var engine = EngineWith(TestScenes.Make("lamp-left-on", new PropertyTrigger("lamp", "2.1") { From = SceneValue.Of(false), For = TimeSpan.FromMinutes(10) }));

        engine.OnPropertyChanges("lamp", [new PropertyChange("2.1", SceneValue.Of(false), SceneValue.Of(true))], SceneChain.Empty, T0);
        engine.OnPropertyChanges("lamp", [new PropertyChange("2.1", SceneValue.Of(true), SceneValue.Of(false))], SceneChain.Empty, T0.AddMinutes(2));

        Assert.Null(engine.NextDue);
        Assert.Empty(engine.OnTick(T0.AddMinutes(10)).Candidates);
    }

    [Fact]
    public void Holds_of_different_scenes_on_one_property_are_kept_apart()
    {
        var five = TestScenes.Make("five", new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(5) });
        var ten = TestScenes.Make("ten", new PropertyTrigger("purifier", "3.6") { Above = 100, For = TimeSpan.FromMinutes(10) });
        var engine = EngineWith(five, ten);

        Report(engine, "purifier", "3.6", 50, 120, T0);
        Report(engine, "purifier", "3.6", 120, 90, T0.AddMinutes(1));

        Assert.Equal("five", Assert.Single(engine.OnTick(T0.AddMinutes(10)).Candidates).Scene.Id);
    }

    [Fact]
    public void A_batch_of_changes_is_matched_change_by_change()
    {
        var lampOn = TestScenes.Make("lamp-on", new PropertyTrigger("lamp", "2.1") { To = SceneValue.Of(true) });
        var bright = TestScenes.Make("bright", new PropertyTrigger("lamp", "2.2") { Above = 80 });
        var engine = EngineWith(lampOn, bright);

        var candidates = engine.OnPropertyChanges(
            "lamp",
            [new PropertyChange("2.1", SceneValue.Of(false), SceneValue.Of(true)), new PropertyChange("2.2", SceneValue.Of(50), SceneValue.Of(90))],
            SceneChain.Empty,
            T0);

        Assert.Equal(["lamp-on", "bright"], candidates.Select(c => c.Scene.Id));
    }
}
