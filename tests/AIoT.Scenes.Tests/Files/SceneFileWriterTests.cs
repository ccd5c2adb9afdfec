using AIoT.Scenes.Files;
using AIoT.Scenes.Model;
using static AIoT.Scenes.Tests.Files.SceneFiles;

namespace AIoT.Scenes.Tests.Files;

/// <summary>What `aiot scenes list --output yaml` and exports write reads back as the same scene, in YAML and in JSON.</summary>
public sealed class SceneFileWriterTests
{
    public static TheoryData<SceneFileFormat> Formats => new(SceneFileFormat.Yaml, SceneFileFormat.Json);

    internal static SceneDefinition EveryKind() => new(
        "all-kinds",
        "Every kind",
        [
            new PropertyTrigger("hh-0000000-d1", "3.6") { Above = 75, Below = 300.25, For = TimeSpan.FromMinutes(2) },
            new PropertyTrigger("hh-0000000-d2", "light.on") { From = SceneValue.Of(false), To = SceneValue.Of(true) },
            new PropertyTrigger("hh-0000000-d2", "light.mode") { From = SceneValue.Of("1"), To = SceneValue.Of(2) },
            new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(3)), new ArgumentMatch("2.2", SceneValue.Of("007"))] },
            new EventTrigger("valve", "valve.closed-by-leak"),
            new VehicleTrigger("car", GeofenceEdge.Arriving, 2),
            new VehicleTrigger("car", GeofenceEdge.Leaving, 0.2),
            new PresenceTrigger("anyone") { From = Whereabouts.InVehicle, To = Whereabouts.Away },
            new PresenceTrigger("p1") { To = Whereabouts.Home },
            new ModeTrigger { To = "armed" },
            new ModeTrigger { From = "sleep" },
            new TimeTrigger(DayTime.Sunset(TimeSpan.FromMinutes(-30))) { Days = DaySet.Weekdays },
            new TimeTrigger(DayTime.Sunrise(TimeSpan.FromMinutes(15))) { Days = DaySet.Weekend },
            new TimeTrigger(DayTime.At(new TimeOnly(7, 5))) { Days = DaySet.Of(DayOfWeek.Sunday, DayOfWeek.Wednesday) },
            new TimeTrigger(DayTime.Sunset(TimeSpan.Zero)),
            new ScheduleTrigger(TimeSpan.FromMinutes(90)),
        ],
        new AllCondition(
        [
            new AnyCondition([new ModeCondition(["home", "sleep"]), new NotCondition(new PresenceCondition("everyone", PresenceTest.NotHome))]),
            new AllCondition([new PresenceCondition("p1", PresenceTest.Away), new PresenceCondition("anyone", PresenceTest.InVehicle), new PresenceCondition("p2", PresenceTest.Home)]),
            new PropertyCondition("d2", "4.7", Comparison.AtLeast, SceneValue.Of(28.5)),
            new PropertyCondition("d2", "light.on", Comparison.Equals, SceneValue.Of(true)),
            new PropertyCondition("d2", "light.mode", Comparison.NotEquals, SceneValue.Of("true")),
            new PropertyCondition("d2", "4.7", Comparison.Above, SceneValue.Of(-3)),
            new PropertyCondition("d2", "4.7", Comparison.Below, SceneValue.Of(1e21)),
            new PropertyCondition("d2", "4.7", Comparison.AtMost, SceneValue.Of(0.1)),
            new TimeCondition { After = DayTime.At(new TimeOnly(18, 0)), Before = DayTime.Sunrise(TimeSpan.Zero) },
            new TimeCondition { Days = DaySet.Of(DayOfWeek.Saturday) },
            new ModeCondition(["armed"]),
            new VehicleCondition("car") { Charging = false, Locked = true, Driving = false, WithinKm = 5, BeyondKm = 1, ChargeBelowPercent = 20, ChargeAbovePercent = 10 },
            new VehicleCondition("car") { Driving = true },
        ]),
        [
            new SetAction("d3", [new PropertySetting("2.1", SceneValue.Of(true)), new PropertySetting("2.4", SceneValue.Of(26)), new PropertySetting("light.mode", SceneValue.Of("on"))]),
            new InvokeAction("d4", "2.a1", []),
            new InvokeAction("d4", "speaker.play-text", [SceneValue.Of("Welcome home: \"dinner\" is ready # 1"), SceneValue.Of(3), SceneValue.Of(false)]),
            new ModeAction("armed"),
            new NotifyAction("Leak! Valve closed.\nCheck the kitchen: 'now'."),
            new NotifyAction("ends with a new line\n"),
            new InvokeAction("d4", "speaker.play-text", [SceneValue.Of("two\nlines"), SceneValue.Of(" padded ")]),
            new DelayAction(TimeSpan.FromSeconds(1.5)),
            new DelayAction(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(30)),
            new RunSceneAction("other"),
        ])
    {
        Enabled = false,
        Cooldown = TimeSpan.FromMinutes(5),
        Debounce = TimeSpan.FromSeconds(10),
        Limit = new FiringLimit(3, TimeSpan.FromMinutes(2)),
        Description = "all of it, even 'quotes' and: colons",
        Template = "t1",
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_scene_with_every_kind_of_step_reads_back_the_same(SceneFileFormat format)
    {
        var scene = EveryKind();

        var text = SceneFileWriter.Write(scene, format);

        Assert.Equal(Describe(scene), Describe(ReadOne(text)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_scene_with_only_defaults_reads_back_the_same_and_writes_no_defaults(SceneFileFormat format)
    {
        var scene = new SceneDefinition("s1", "S", [new ModeTrigger { To = "away" }], new PresenceCondition("anyone", PresenceTest.Home), [new NotifyAction("m")]);

        var text = SceneFileWriter.Write(scene, format);

        Assert.Equal(Describe(scene), Describe(ReadOne(text)));
        Assert.DoesNotContain("enabled", text);
        Assert.DoesNotContain("cooldown", text);
        Assert.DoesNotContain("limit", text);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Several_scenes_are_written_under_scenes_and_read_back(SceneFileFormat format)
    {
        SceneDefinition[] scenes = [EveryKind(), EveryKind() with { Id = "second", Condition = null }];

        var result = SceneFileReader.Read(SceneFileWriter.Write(scenes, format));

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.True(result.IsSceneList);
        Assert.Equal(scenes.Select(Describe), result.Scenes.Select(Describe));
    }

    [Fact]
    public void Yaml_output_reads_as_a_person_writes_it()
    {
        var scene = new SceneDefinition(
            "leak",
            "Leak",
            [new TimeTrigger(DayTime.At(new TimeOnly(7, 30))) { Days = DaySet.Weekdays }],
            null,
            [new SetAction("hh-0000000-d5", [new PropertySetting("valve.on", SceneValue.Of(false)), new PropertySetting("2.2", SceneValue.Of("1"))])]);

        Assert.Equal("""
            id: leak
            name: Leak
            triggers:
              - type: time
                at: "07:30"
                days: weekdays
            actions:
              - type: set
                device: hh-0000000-d5
                properties:
                  valve.on: false
                  "2.2": "1"

            """, SceneFileWriter.ToYaml(scene).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_output_is_indented_json_of_the_same_fields()
    {
        var scene = new SceneDefinition("s1", "Säge", [new ScheduleTrigger(TimeSpan.FromMinutes(15))], null, [new DelayAction(TimeSpan.FromSeconds(30))]);

        var json = System.Text.Json.JsonDocument.Parse(SceneFileWriter.ToJson(scene)).RootElement;

        Assert.Equal("Säge", json.GetProperty("name").GetString());
        Assert.Equal("15m", json.GetProperty("triggers")[0].GetProperty("every").GetString());
        Assert.Equal("30s", json.GetProperty("actions")[0].GetProperty("for").GetString());
        Assert.Contains("Säge", SceneFileWriter.ToJson(scene));
    }
}
