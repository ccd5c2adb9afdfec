using AIoT.Scenes.Model;
using static AIoT.Scenes.Tests.Support.FakeHouseholdValidation;

namespace AIoT.Scenes.Tests.Validation;

/// <summary>Each kind of action problem: unknown names, read-only properties, values out of range, scenes that do not exist or are this one.</summary>
public sealed class ActionValidationTests
{
    [Fact]
    public void Setting_a_read_only_property_is_refused()
    {
        Only(
            ProblemsOfAction(new SetAction("purifier", [new PropertySetting("environment.pm2-5-density", SceneValue.Of(10))])),
            "actions[0].properties.environment.pm2-5-density",
            "environment.pm2-5-density (3.6) is read-only on zhimi.airp.mb5");
    }

    [Fact]
    public void Setting_a_value_out_of_range_is_refused_with_the_vocabularys_reason()
    {
        Only(ProblemsOfAction(new SetAction("lamp", [new PropertySetting("light.brightness", SceneValue.Of(0))])), "actions[0].properties.light.brightness", "0 is out of range for light.brightness: 1 to 100.");
        Only(ProblemsOfAction(new SetAction("lamp", [new PropertySetting("2.1", SceneValue.Of(1))])), "actions[0].properties.2.1", "light.on takes true or false");
    }

    [Fact]
    public void Setting_an_unknown_property_or_on_an_unknown_device_is_refused()
    {
        Only(ProblemsOfAction(new SetAction("lamp", [new PropertySetting("light.colour", SceneValue.Of(1))])), "actions[0].properties.light.colour", "has no property 'light.colour'", "light.on");
        Only(ProblemsOfAction(new SetAction("toaster", [new PropertySetting("2.1", SceneValue.Of(true))])), "actions[0].device", "no device 'toaster'");
        Only(ProblemsOfAction(new SetAction("lamp", [])), "actions[0].properties", "at least one property");
    }

    [Fact]
    public void Setting_a_write_only_property_is_accepted()
    {
        Assert.Empty(ProblemsOfAction(new SetAction("lamp", [new PropertySetting("light.flow-params", SceneValue.Of("0,1,500"))])));
    }

    [Fact]
    public void Invoking_an_unknown_action_is_refused_with_the_models_actions()
    {
        Only(ProblemsOfAction(new InvokeAction("lamp", "light.dance", [])), "actions[0].action", "has no action 'light.dance'", "light.toggle, light.brightness-up");
        Only(ProblemsOfAction(new InvokeAction("purifier", "2.a1", [])), "actions[0].action", "its actions are: none");
    }

    [Fact]
    public void Invoking_with_the_wrong_number_of_inputs_is_refused()
    {
        Only(ProblemsOfAction(new InvokeAction("lamp", "light.brightness-up", [])), "actions[0].inputs", "light.brightness-up takes 1 input(s), got 0");
    }

    [Fact]
    public void A_mode_action_names_a_household_mode()
    {
        Only(ProblemsOfAction(new ModeAction("party")), "actions[0].mode", "'party' is not a household mode");
    }

    [Fact]
    public void A_notification_needs_a_message_of_at_most_500_characters()
    {
        Only(ProblemsOfAction(new NotifyAction(" ")), "actions[0].message");
        Only(ProblemsOfAction(new NotifyAction(new string('x', 501))), "actions[0].message", "1 to 500 characters");
    }

    [Fact]
    public void A_delay_is_more_than_nothing_and_at_most_a_day()
    {
        Only(ProblemsOfAction(new DelayAction(TimeSpan.Zero)), "actions[0].for", "out of range");
        Only(ProblemsOfAction(new DelayAction(TimeSpan.FromHours(25))), "actions[0].for", "1d1h is out of range");
        Assert.Empty(ProblemsOfAction(new DelayAction(TimeSpan.FromDays(1))));
    }

    [Fact]
    public void Running_an_unknown_scene_is_refused_naming_the_households_scenes()
    {
        Only(ProblemsOfAction(new RunSceneAction("nowhere"), "evening", "morning"), "actions[0].scene", "no scene 'nowhere'", "evening, morning");
        Assert.Empty(ProblemsOfAction(new RunSceneAction("evening"), "evening", "morning"));
    }

    [Fact]
    public void A_scene_cannot_run_itself()
    {
        Only(ProblemsOfAction(new RunSceneAction("s"), "s", "evening"), "actions[0].scene", "cannot run itself");
    }
}
