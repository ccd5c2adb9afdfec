using AIoT.Scenes.Model;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AIoT.Scenes.Tests.Model;

/// <summary>Scenes are kept in the household's grain state: every kind of trigger, condition and action must survive Orleans' serializer.</summary>
public sealed class SceneSerializationTests
{
    [Fact]
    public void A_scene_with_every_kind_of_step_round_trips_through_Orleans_serialization()
    {
        var scene = new SceneDefinition(
            "all-kinds",
            "Every kind",
            [
                new PropertyTrigger("d1", "3.6") { Above = 75, For = TimeSpan.FromMinutes(2), From = SceneValue.Of(1), To = SceneValue.Of("x") },
                new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(3))] },
                new VehicleTrigger("car", GeofenceEdge.Arriving, 2),
                new PresenceTrigger("p1") { From = Whereabouts.InVehicle, To = Whereabouts.Away },
                new ModeTrigger { To = "armed" },
                new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-30))) { Days = DaySet.Weekdays },
                new ScheduleTrigger(TimeSpan.FromMinutes(15)),
            ],
            new AllCondition(
            [
                new AnyCondition([new ModeCondition(["home", "sleep"]), new NotCondition(new PresenceCondition("everyone", PresenceTest.NotHome))]),
                new PropertyCondition("d2", "4.7", Comparison.AtLeast, SceneValue.Of(28.5)),
                new TimeCondition { After = DayTime.At(new TimeOnly(18, 0)), Before = DayTime.Sunrise(TimeSpan.Zero) },
                new VehicleCondition("car") { Charging = false, WithinKm = 5 },
            ]),
            [
                new SetAction("d3", [new PropertySetting("2.1", SceneValue.Of(true)), new PropertySetting("2.4", SceneValue.Of(26))]),
                new InvokeAction("d4", "2.a1", []),
                new ModeAction("armed"),
                new NotifyAction("Leak!"),
                new DelayAction(TimeSpan.FromSeconds(30)),
                new RunSceneAction("other"),
            ])
        {
            Enabled = false,
            Cooldown = TimeSpan.FromMinutes(5),
            Debounce = TimeSpan.FromSeconds(10),
            Limit = new FiringLimit(3, TimeSpan.FromMinutes(2)),
            Description = "all of it",
            Template = "t1",
        };
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<SceneDefinition>(serializer.SerializeToArray(scene));

        Assert.Equal(Describe(scene), Describe(copy!));
    }

    /// <summary>Records compare lists by reference; their printed form compares them by content.</summary>
    private static string Describe(SceneDefinition scene) =>
        string.Join("\n", new object?[] { scene with { Triggers = [], Actions = [], Condition = null } }
            .Concat(scene.Triggers.Select(Print)).Concat(SceneIndexFlatten(scene.Condition)).Concat(scene.Actions.Select(Print)));

    private static IEnumerable<object?> SceneIndexFlatten(SceneCondition? condition) => condition switch
    {
        AllCondition all => all.Conditions.SelectMany(SceneIndexFlatten).Prepend("all"),
        AnyCondition any => any.Conditions.SelectMany(SceneIndexFlatten).Prepend("any"),
        NotCondition not => SceneIndexFlatten(not.Condition).Prepend("not"),
        ModeCondition m => [string.Join(",", m.Modes)],
        _ => [condition],
    };

    private static string Print(object step) => step switch
    {
        EventTrigger e => $"{e with { Arguments = [] }} {string.Join(",", e.Arguments)}",
        SetAction s => $"{s.Device} {string.Join(",", s.Properties)}",
        InvokeAction i => $"{i.Device} {i.Action} {i.Inputs.Count}",
        _ => step.ToString()!,
    };
}
