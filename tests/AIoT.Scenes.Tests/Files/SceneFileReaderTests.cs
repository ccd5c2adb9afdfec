using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>What a user writes in a scene file is what the engine gets: every trigger, condition and action kind, and the defaults.</summary>
public sealed class SceneFileReaderTests
{
    private const string Head = "id: s1\nname: S\n";
    private const string OneAction = "actions:\n  - type: notify\n    message: hi\n";
    private const string OneTrigger = "triggers:\n  - type: mode\n    to: armed\n";

    [Fact]
    public void A_minimal_scene_gets_the_documented_defaults()
    {
        var scene = ReadOne(Head + OneTrigger + OneAction);

        Assert.Equal("s1", scene.Id);
        Assert.Equal("S", scene.Name);
        Assert.True(scene.Enabled);
        Assert.Equal(TimeSpan.Zero, scene.Cooldown);
        Assert.Equal(TimeSpan.Zero, scene.Debounce);
        Assert.Equal(new FiringLimit(10, TimeSpan.FromMinutes(1)), scene.Limit);
        Assert.Null(scene.Condition);
        Assert.Null(scene.Description);
        Assert.Null(scene.Template);
    }

    [Fact]
    public void The_scene_settings_are_read()
    {
        var scene = ReadOne(Head + """
            description: A longer text
            enabled: false
            cooldown: 5m
            debounce: 1h30m
            limit: { firings: 3, per: 2m }
            template: leak-valve

            """ + OneTrigger + OneAction);

        Assert.Equal("A longer text", scene.Description);
        Assert.False(scene.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(5), scene.Cooldown);
        Assert.Equal(TimeSpan.FromMinutes(90), scene.Debounce);
        Assert.Equal(new FiringLimit(3, TimeSpan.FromMinutes(2)), scene.Limit);
        Assert.Equal("leak-valve", scene.Template);
    }

    [Fact]
    public void Every_trigger_kind_is_read()
    {
        var scene = ReadOne(Head + """
            triggers:
              - type: property
                device: hh-0000000-d1
                property: environment.pm2-5-density
                above: 75
                below: 300.5
                for: 2m
              - type: property
                device: hh-0000000-d2
                property: 2.1
                from: false
                to: true
              - type: event
                device: hh-0000000-d3
                event: lock.unlocked
                arguments: { lock.lock-method: 3, lock.operator-id: "7" }
              - type: vehicle
                vehicle: su7-1
                geofence: arriving
                radiusKm: 2
              - type: person
                person: anyone
                from: in-vehicle
                to: away
              - type: mode
                from: home
                to: armed
              - type: time
                at: sunset-30m
                days: weekdays
              - type: time
                at: "07:30"
                days: [sat, sun]
              - type: schedule
                every: 15m
                days: weekend

            """ + OneAction);

        Assert.Collection(scene.Triggers,
            t =>
            {
                var p = Assert.IsType<PropertyTrigger>(t);
                Assert.Equal(("hh-0000000-d1", "environment.pm2-5-density", 75.0, 300.5, TimeSpan.FromMinutes(2)), (p.Device, p.Property, p.Above!.Value, p.Below!.Value, p.For));
                Assert.Null(p.From);
            },
            t =>
            {
                var p = Assert.IsType<PropertyTrigger>(t);
                Assert.Equal("2.1", p.Property);
                Assert.Equal(SceneValue.Of(false), p.From);
                Assert.Equal(SceneValue.Of(true), p.To);
            },
            t =>
            {
                var e = Assert.IsType<EventTrigger>(t);
                Assert.Equal(("hh-0000000-d3", "lock.unlocked"), (e.Device, e.Event));
                Assert.Equal([new ArgumentMatch("lock.lock-method", SceneValue.Of(3)), new ArgumentMatch("lock.operator-id", SceneValue.Of("7"))], e.Arguments);
            },
            t => Assert.Equal(new VehicleTrigger("su7-1", GeofenceEdge.Arriving, 2), t),
            t => Assert.Equal(new PresenceTrigger("anyone") { From = Whereabouts.InVehicle, To = Whereabouts.Away }, t),
            t => Assert.Equal(new ModeTrigger { From = "home", To = "armed" }, t),
            t => Assert.Equal(new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-30))) { Days = DaySet.Weekdays }, t),
            t => Assert.Equal(new TimeTrigger(DayTime.At(new TimeOnly(7, 30))) { Days = DaySet.Weekend }, t),
            t => Assert.Equal(new ScheduleTrigger(TimeSpan.FromMinutes(15)) { Days = DaySet.Weekend }, t));
    }

    [Fact]
    public void Every_condition_kind_is_read_and_a_list_means_all_of_them()
    {
        var scene = ReadOne(Head + OneTrigger + """
            conditions:
              - type: any
                conditions:
                  - type: mode
                    mode: [home, sleep]
                  - type: not
                    condition: { type: presence, person: everyone, is: not-home }
              - type: all
                conditions:
                  - type: property
                    device: d1
                    property: environment.temperature
                    atLeast: 28.5
              - type: property
                device: d2
                property: light.on
                equals: true
              - type: property
                device: d2
                property: light.mode
                notEquals: "1"
              - { type: property, device: d2, property: light.brightness, above: 10 }
              - { type: property, device: d2, property: light.brightness, below: 90 }
              - { type: property, device: d2, property: light.brightness, atMost: 80 }
              - type: time
                after: "18:00"
                before: sunrise+15m
                days: [mon, wed, fri]
              - type: mode
                mode: armed
              - type: presence
                person: p1
                is: in-vehicle
              - type: vehicle
                vehicle: su7-1
                charging: false
                locked: true
                driving: false
                withinKm: 5
                beyondKm: 0.5
                chargeBelow: 20
                chargeAbove: 10

            """ + OneAction);

        var all = Assert.IsType<AllCondition>(scene.Condition);
        Assert.Collection(all.Conditions,
            c =>
            {
                var any = Assert.IsType<AnyCondition>(c);
                Assert.Equal(["home", "sleep"], Assert.IsType<ModeCondition>(any.Conditions[0]).Modes);
                Assert.Equal(new PresenceCondition("everyone", PresenceTest.NotHome), Assert.IsType<NotCondition>(any.Conditions[1]).Condition);
            },
            c => Assert.Equal(new PropertyCondition("d1", "environment.temperature", Comparison.AtLeast, SceneValue.Of(28.5)), Assert.Single(Assert.IsType<AllCondition>(c).Conditions)),
            c => Assert.Equal(new PropertyCondition("d2", "light.on", Comparison.Equals, SceneValue.Of(true)), c),
            c => Assert.Equal(new PropertyCondition("d2", "light.mode", Comparison.NotEquals, SceneValue.Of("1")), c),
            c => Assert.Equal(new PropertyCondition("d2", "light.brightness", Comparison.Above, SceneValue.Of(10)), c),
            c => Assert.Equal(new PropertyCondition("d2", "light.brightness", Comparison.Below, SceneValue.Of(90)), c),
            c => Assert.Equal(new PropertyCondition("d2", "light.brightness", Comparison.AtMost, SceneValue.Of(80)), c),
            c => Assert.Equal(new TimeCondition
            {
                After = DayTime.At(new TimeOnly(18, 0)),
                Before = DayTime.Sunrise(TimeSpan.FromMinutes(15)),
                Days = DaySet.Of(DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday),
            }, c),
            c => Assert.Equal(["armed"], Assert.IsType<ModeCondition>(c).Modes),
            c => Assert.Equal(new PresenceCondition("p1", PresenceTest.InVehicle), c),
            c => Assert.Equal(new VehicleCondition("su7-1")
            {
                Charging = false, Locked = true, Driving = false, WithinKm = 5, BeyondKm = 0.5, ChargeBelowPercent = 20, ChargeAbovePercent = 10,
            }, c));
    }

    [Fact]
    public void A_single_condition_mapping_is_that_condition_and_an_empty_list_is_none()
    {
        var single = ReadOne(Head + OneTrigger + "conditions:\n  type: mode\n  mode: home\n" + OneAction);
        var none = ReadOne(Head + OneTrigger + "conditions: []\n" + OneAction);

        Assert.Equal(["home"], Assert.IsType<ModeCondition>(single.Condition).Modes);
        Assert.Null(none.Condition);
    }

    [Fact]
    public void Every_action_kind_is_read_in_order()
    {
        var scene = ReadOne(Head + OneTrigger + """
            actions:
              - type: set
                device: hh-0000000-d5
                properties: { light.on: false, light.brightness: 20, light.mode: "2" }
              - type: invoke
                device: hh-0000000-d6
                action: light.toggle
                inputs: [1, "two", true]
              - type: invoke
                device: hh-0000000-d6
                action: light.toggle
              - type: mode
                mode: armed
              - type: notify
                message: "Water leak: the valve is closed"
              - type: delay
                for: 30s
              - type: scene
                scene: other-scene
            """);

        Assert.Collection(scene.Actions,
            a =>
            {
                var set = Assert.IsType<SetAction>(a);
                Assert.Equal("hh-0000000-d5", set.Device);
                Assert.Equal(
                    [new PropertySetting("light.on", SceneValue.Of(false)), new PropertySetting("light.brightness", SceneValue.Of(20)), new PropertySetting("light.mode", SceneValue.Of("2"))],
                    set.Properties);
            },
            a => Assert.Equal([SceneValue.Of(1), SceneValue.Of("two"), SceneValue.Of(true)], Assert.IsType<InvokeAction>(a).Inputs),
            a => Assert.Empty(Assert.IsType<InvokeAction>(a).Inputs),
            a => Assert.Equal(new ModeAction("armed"), a),
            a => Assert.Equal(new NotifyAction("Water leak: the valve is closed"), a),
            a => Assert.Equal(new DelayAction(TimeSpan.FromSeconds(30)), a),
            a => Assert.Equal(new RunSceneAction("other-scene"), a));
    }

    [Theory]
    [InlineData("weekdays", "weekdays")]
    [InlineData("weekend", "weekends")]
    [InlineData("every day", "every day")]
    [InlineData("all", "every day")]
    [InlineData("tue", "tue")]
    [InlineData("[mon, tue, sun]", "sun,mon,tue")]
    public void Days_take_the_documented_words(string days, string expected)
    {
        var scene = ReadOne(Head + $"triggers:\n  - type: time\n    at: \"08:00\"\n    days: {days}\n" + OneAction);

        Assert.Equal(expected, Assert.IsType<TimeTrigger>(Assert.Single(scene.Triggers)).Days.ToString());
    }

    [Fact]
    public void Quoted_numbers_stay_text_and_bare_numbers_are_numbers()
    {
        var scene = ReadOne(Head + OneTrigger + "actions:\n  - type: set\n    device: d\n    properties: { a: \"1\", b: 1, c: \"true\", d: true, e: hot, f: 2.50 }\n");

        var values = Assert.IsType<SetAction>(Assert.Single(scene.Actions)).Properties.Select(p => p.Value).ToList();
        Assert.Equal([SceneValue.Of("1"), SceneValue.Of(1), SceneValue.Of("true"), SceneValue.Of(true), SceneValue.Of("hot"), SceneValue.Of(2.5)], values);
    }

    [Fact]
    public void A_file_with_scenes_gives_each_of_them()
    {
        var result = SceneFileReader.Read("scenes:\n  - " + (Head + OneTrigger + OneAction).Replace("\n", "\n    ").TrimEnd()
            + "\n  - " + (Head.Replace("s1", "s2") + OneTrigger + OneAction).Replace("\n", "\n    ").TrimEnd() + "\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.True(result.IsSceneList);
        Assert.Equal(["s1", "s2"], result.Scenes.Select(s => s.Id));
    }

    [Fact]
    public void A_schema_key_for_editors_is_allowed_and_ignored()
    {
        var scene = ReadOne("{ \"$schema\": \"../docs/scene.schema.json\", \"id\": \"s1\", \"name\": \"S\", \"triggers\": [{ \"type\": \"mode\" }], \"actions\": [{ \"type\": \"notify\", \"message\": \"m\" }] }");

        Assert.Equal("s1", scene.Id);
        Assert.DoesNotContain("schema", SceneFileWriter.ToJson(scene));
    }

    [Fact]
    public void Json_reads_the_same_as_yaml()
    {
        var json = ReadOne("""
            {
              "id": "s1", "name": "S", "cooldown": "5m",
              "triggers": [{ "type": "property", "device": "d", "property": "3.6", "above": 75 }],
              "conditions": [{ "type": "property", "device": "d", "property": "light.mode", "equals": "1" }],
              "actions": [{ "type": "set", "device": "d", "properties": { "light.on": false } }]
            }
            """);
        var yaml = ReadOne("""
            id: s1
            name: S
            cooldown: 5m
            triggers: [{ type: property, device: d, property: "3.6", above: 75 }]
            conditions: [{ type: property, device: d, property: light.mode, equals: "1" }]
            actions: [{ type: set, device: d, properties: { light.on: false } }]
            """);

        Assert.Equal(Describe(yaml), Describe(json));
    }
}
