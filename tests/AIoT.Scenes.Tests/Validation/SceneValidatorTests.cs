using AIoT.Scenes.Model;
using AIoT.Scenes.Tests.Support;
using AIoT.Scenes.Validation;
using static AIoT.Scenes.Tests.Support.FakeHouseholdValidation;

namespace AIoT.Scenes.Tests.Validation;

/// <summary>The validator as a whole: aliases normalised to MIoT keys, every problem found with its path, in stage order.</summary>
public sealed class SceneValidatorTests
{
    [Fact]
    public void A_scene_written_with_aliases_is_valid_and_comes_back_with_canonical_keys()
    {
        var scene = TestScenes.Make(
            "air-and-door",
            [
                new PropertyTrigger("purifier", "environment.pm2-5-density") { Above = 75, For = TimeSpan.FromMinutes(2) },
                new EventTrigger("lock", "lock.unlocked") { Arguments = [new ArgumentMatch("lock.method", SceneValue.Of(2))] },
                new ModeTrigger { To = "Away" },
            ],
            new AllCondition(
            [
                new PropertyCondition("lamp", "light.on", Comparison.Equals, SceneValue.Of(false)),
                new AnyCondition([new NotCondition(new PropertyCondition("purifier", "environment.relative-humidity", Comparison.Below, SceneValue.Of(30))), new ModeCondition(["HOME", "sleep"])]),
            ]),
            [
                new SetAction("lamp", [new PropertySetting("light.on", SceneValue.Of(true)), new PropertySetting("light.brightness", SceneValue.Of(80))]),
                new InvokeAction("lamp", "light.toggle", []),
                new ModeAction("Armed"),
                new RunSceneAction("lights-off"),
            ]);

        var (normalised, problems) = Validate(scene, "lights-off");

        Assert.Empty(problems);
        Assert.Equal("3.6", ((PropertyTrigger)normalised.Triggers[0]).Property);
        var unlocked = (EventTrigger)normalised.Triggers[1];
        Assert.Equal("2.e1", unlocked.Event);
        Assert.Equal([new ArgumentMatch("2.1", SceneValue.Of(2))], unlocked.Arguments);
        Assert.Equal("away", ((ModeTrigger)normalised.Triggers[2]).To);
        var all = (AllCondition)normalised.Condition!;
        Assert.Equal("2.1", ((PropertyCondition)all.Conditions[0]).Property);
        var any = (AnyCondition)all.Conditions[1];
        Assert.Equal("3.7", ((PropertyCondition)((NotCondition)any.Conditions[0]).Condition).Property);
        Assert.Equal(["home", "sleep"], ((ModeCondition)any.Conditions[1]).Modes);
        Assert.Equal(["2.1", "2.2"], ((SetAction)normalised.Actions[0]).Properties.Select(p => p.Property));
        Assert.Equal("2.a1", ((InvokeAction)normalised.Actions[1]).Action);
        Assert.Equal("armed", ((ModeAction)normalised.Actions[2]).Mode);
    }

    [Fact]
    public void A_scene_written_with_keys_stays_as_it_is()
    {
        var scene = TestScenes.Make("keys", [new PropertyTrigger("purifier", "3.6") { Above = 75 }], null, [new SetAction("lamp", [new PropertySetting("2.1", SceneValue.Of(true))])]);

        var (normalised, problems) = Validate(scene);

        Assert.Empty(problems);
        Assert.Equal("3.6", ((PropertyTrigger)normalised.Triggers[0]).Property);
        Assert.Equal("2.1", ((SetAction)normalised.Actions[0]).Properties[0].Property);
    }

    [Fact]
    public void The_scene_itself_is_checked_id_name_triggers_actions_and_limits()
    {
        var scene = new SceneDefinition("-bad id", " ", [], null, []) { Cooldown = TimeSpan.FromSeconds(-1), Limit = new FiringLimit(0, TimeSpan.FromMinutes(1)) };

        var problems = ProblemsOf(scene);

        Assert.Equal(["id", "name", "triggers", "actions", "cooldown", "limit"], problems.Select(p => p.Path));
        Assert.Contains("'-bad id' is not a scene id", problems[0].Message);
    }

    [Fact]
    public void A_negative_debounce_and_a_window_of_zero_are_refused()
    {
        var scene = TestScenes.Make("s", AnyTrigger) with { Debounce = TimeSpan.FromSeconds(-5), Limit = new FiringLimit(5, TimeSpan.Zero) };

        Assert.Equal(["debounce", "limit"], ProblemsOf(scene).Select(p => p.Path));
    }

    [Fact]
    public void Too_many_triggers_or_actions_are_refused()
    {
        var scene = TestScenes.Make(
            "big",
            [.. Enumerable.Repeat(AnyTrigger, SceneValidator.MaxTriggers + 1)],
            null,
            [.. Enumerable.Repeat<SceneAction>(new NotifyAction("x"), SceneValidator.MaxActions + 1)]);

        Assert.Equal(["triggers", "actions"], ProblemsOf(scene).Select(p => p.Path));
    }

    [Fact]
    public void Every_problem_is_listed_with_its_path_stage_by_stage()
    {
        var scene = TestScenes.Make(
            "many",
            [new PropertyTrigger("toaster", "2.1"), new PropertyTrigger("lamp", "light.colour")],
            new AllCondition([new PresenceCondition("carol", PresenceTest.Home), new ModeCondition(["party"])]),
            [new SetAction("lamp", [new PropertySetting("light.brightness", SceneValue.Of(500))]), new RunSceneAction("nowhere")]);

        var problems = ProblemsOf(scene);

        Assert.Equal(
            ["triggers[0].device", "triggers[1].property", "conditions[0].person", "conditions[1].mode[0]", "actions[0].properties.light.brightness", "actions[1].scene"],
            problems.Select(p => p.Path));
    }
}
