using System.Text.Json;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>A household compacts its scenes as it loads them: they must stay the same scenes, sharing its own strings.</summary>
public sealed class SceneCompactorTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_compacted_scene_is_the_same_scene_with_the_households_ids_shared_and_lists_of_their_own_length()
    {
        // Strings made at run time, as a scene read back from storage holds them: one copy per occurrence.
        string Fresh(string s) => new(s.AsSpan());
        var scene = new SceneDefinition(
            "cool",
            "Cool when hot",
            new List<SceneTrigger>(4) { new PropertyTrigger(Fresh("ht-1"), Fresh("2.1")) { Above = 30 }, new ModeTrigger { To = Fresh("home") } },
            new AllCondition([new ModeCondition([Fresh("home"), Fresh("sleep")]), new PresenceCondition(Fresh("p1"), PresenceTest.Home), new PropertyCondition(Fresh("ht-1"), Fresh("2.2"), Comparison.Below, SceneValue.Of(70))]),
            new List<SceneAction>(4) { new SetAction(Fresh("ac-1"), [new PropertySetting(Fresh("2.1"), SceneValue.Of(true))]), new NotifyAction("Cooling") })
        {
            Cooldown = TimeSpan.FromMinutes(5),
            Limit = new FiringLimit(10, TimeSpan.FromMinutes(1)),
        };
        string[] householdIds = ["ht-1", "ac-1", "p1"];

        var compacted = new SceneCompactor(householdIds).Compact(scene);

        Assert.Equal(JsonSerializer.Serialize(scene, Json), JsonSerializer.Serialize(compacted, Json));
        var trigger = (PropertyTrigger)compacted.Triggers[0];
        var condition = (AllCondition)compacted.Condition!;
        Assert.Same(householdIds[0], trigger.Device);
        Assert.Same(householdIds[0], ((PropertyCondition)condition.Conditions[2]).Device);
        Assert.Same(householdIds[1], ((SetAction)compacted.Actions[0]).Device);
        Assert.Same(householdIds[2], ((PresenceCondition)condition.Conditions[1]).Person);
        Assert.Same(trigger.Property, ((PropertySetting)((SetAction)compacted.Actions[0]).Properties[0]).Property);
        Assert.Same(((ModeTrigger)compacted.Triggers[1]).To, ((ModeCondition)condition.Conditions[0]).Modes[0]);
        Assert.Same(FiringLimit.Default, compacted.Limit);
        Assert.IsType<SceneTrigger[]>(compacted.Triggers);
        Assert.IsType<SceneAction[]>(compacted.Actions);
    }

    [Fact]
    public void An_engine_loaded_with_compacted_scenes_still_fires_them()
    {
        var scene = new SceneDefinition("hot", "Hot", [new PropertyTrigger(new string("ht-1".AsSpan()), "2.1") { Above = 30 }], null, [new NotifyAction("Hot")]);
        var engine = new SceneEngine(AIoT.Scenes.Time.SceneClock.Beijing);
        engine.Load(SceneCompactor.Compact([scene], ["ht-1"]), DateTimeOffset.UnixEpoch);

        var candidates = engine.OnPropertyChanges("ht-1", [new PropertyChange("2.1", SceneValue.Of(25), SceneValue.Of(31))], SceneChain.Empty, DateTimeOffset.UnixEpoch);

        Assert.Equal("hot", Assert.Single(candidates).Scene.Id);
    }
}
