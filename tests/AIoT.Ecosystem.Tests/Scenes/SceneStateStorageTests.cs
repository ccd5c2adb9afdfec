using AIoT.Ecosystem.Households.Scenes;
using AIoT.Scenes.Model;
using AIoT.Storage.Serialization;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>A household's scenes are kept through the host's grain storage (JSON, in memory or SQLite); a household that reactivates must read them back whole.</summary>
public sealed class SceneStateStorageTests
{
    [Fact]
    public void Every_kind_of_trigger_condition_and_action_survives_the_storage_json()
    {
        var scene = new SceneDefinition(
            "all-kinds",
            "Every kind",
            [
                new PropertyTrigger("d1", "3.6") { Above = 75, For = TimeSpan.FromMinutes(2) },
                new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(3))] },
                new VehicleTrigger("car", GeofenceEdge.Arriving, 2),
                new PresenceTrigger("p1") { To = Whereabouts.Away },
                new ModeTrigger { To = "armed" },
                new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-30))) { Days = DaySet.Weekdays },
                new ScheduleTrigger(TimeSpan.FromMinutes(15)),
            ],
            new AllCondition(
            [
                new AnyCondition([new ModeCondition(["home", "sleep"]), new NotCondition(new PresenceCondition("everyone", PresenceTest.NotHome))]),
                new PropertyCondition("d2", "4.7", Comparison.AtLeast, SceneValue.Of(28.5)),
                new TimeCondition { After = DayTime.At(new TimeOnly(18, 0)) },
                new VehicleCondition("car") { WithinKm = 5 },
            ]),
            [
                new SetAction("d3", [new PropertySetting("2.1", SceneValue.Of(true))]),
                new InvokeAction("d4", "2.a1", [SceneValue.Of("x")]),
                new ModeAction("armed"),
                new NotifyAction("Leak!"),
                new DelayAction(TimeSpan.FromSeconds(30)),
                new RunSceneAction("other"),
            ]);
        var serializer = JsonGrainStateSerializer.Default;

        var stored = serializer.Serialize(new HouseholdScenesState { Scenes = [scene] });
        var back = serializer.Deserialize<HouseholdScenesState>(stored).Scenes.Single();

        Assert.Equal(scene.Triggers.Select(t => t.GetType()), back.Triggers.Select(t => t.GetType()));
        Assert.Equal(scene.Actions.Select(a => a.GetType()), back.Actions.Select(a => a.GetType()));
        Assert.Equal(new PropertyTrigger("d1", "3.6") { Above = 75, For = TimeSpan.FromMinutes(2) }, back.Triggers[0]);
        Assert.Equal(new PropertyCondition("d2", "4.7", Comparison.AtLeast, SceneValue.Of(28.5)), ((AllCondition)back.Condition!).Conditions[1]);
        Assert.Equal(new DelayAction(TimeSpan.FromSeconds(30)), back.Actions[4]);
        // Written again, the scene is the same JSON: nothing was lost on the way back.
        Assert.Equal(stored.ToString(), serializer.Serialize(new HouseholdScenesState { Scenes = [back] }).ToString());
    }
}
