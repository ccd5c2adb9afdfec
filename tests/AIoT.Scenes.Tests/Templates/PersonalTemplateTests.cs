using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>The templates fitted to a home's people and routine: their times, ages, city and rooms.</summary>
public sealed class PersonalTemplateTests
{
    [Fact]
    public void Commute_lights_turn_the_lights_off_five_minutes_after_each_members_weekday_leaving_time_if_nobody_is_home()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("commute-lights")).Scene;

        var triggers = scene.Triggers.Cast<TimeTrigger>().ToList();
        Assert.Equal([new TimeOnly(7, 35), new TimeOnly(7, 45), new TimeOnly(8, 10), new TimeOnly(9, 5)], triggers.Select(t => TimeOnly.FromTimeSpan(t.At.Offset)));
        Assert.All(triggers, t => Assert.Equal(DaySet.Weekdays, t.Days));
        Assert.Equal(new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome), scene.Condition);
        Assert.Equal(Profiles.BeijingLights, scene.Actions.Cast<SetAction>().Select(a => a.Device));
    }

    [Fact]
    public void Welcome_home_lights_the_living_room_when_someone_arrives_between_sunset_and_the_last_bed_time()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("welcome-home")).Scene;

        var trigger = Assert.IsType<PresenceTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((PresenceTrigger.AnyPerson, (Whereabouts?)Whereabouts.Home), (trigger.Person, trigger.To));
        var window = Assert.IsType<TimeCondition>(scene.Condition);
        Assert.Equal((DayTime.Sunset(TimeSpan.Zero), DayTime.At(new TimeOnly(23, 0))), (window.After, window.Before));
        Assert.Equal(Profiles.BeijingLights[0], Assert.IsType<SetAction>(Assert.Single(scene.Actions)).Device);
    }

    [Fact]
    public void Wake_up_lights_the_bedroom_of_the_earliest_riser_whose_room_is_known_ten_minutes_before_they_rise_on_weekdays()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("wake-up")).Scene;

        // The grandmother rises first (06:00) but nothing places her room; the driver's band places his in bedroom-1.
        var trigger = Assert.IsType<TimeTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((DayTime.At(new TimeOnly(6, 40)), DaySet.Weekdays), (trigger.At, trigger.Days));
        Assert.Equal(new PresenceCondition(Profiles.Driver, PresenceTest.Home), scene.Condition);
        var set = Assert.IsType<SetAction>(Assert.Single(scene.Actions));
        Assert.Equal(Profiles.BeijingLights[3], set.Device);
        Assert.Equal(SceneValue.Of(25), set.Properties.Single(p => p.Property == "light.brightness").Value);
    }

    [Fact]
    public void A_child_under_12_gets_a_night_light_at_their_bed_time_and_a_home_without_one_does_not()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("child-night-light")).Scene;

        Assert.Equal("child-night-light-p3", scene.Id);
        Assert.Equal(DayTime.At(new TimeOnly(21, 0)), Assert.IsType<TimeTrigger>(Assert.Single(scene.Triggers)).At);
        var set = Assert.IsType<SetAction>(Assert.Single(scene.Actions));
        Assert.Equal(Profiles.BeijingLights[5], set.Device);
        Assert.Equal(SceneValue.Of(1), set.Properties.Single(p => p.Property == "light.mode").Value);
        Assert.Empty(Profiles.BeijingFamily().WithoutMember(Profiles.Child).From("child-night-light"));
    }

    [Fact]
    public void Night_motion_turns_lights_on_at_20_percent_with_a_member_of_65_or_more_and_at_full_without()
    {
        static (SceneValue Brightness, TimeCondition Window) Fit(HouseholdProfile home)
        {
            var scene = Assert.Single(home.From("night-motion-light")).Scene;
            return (Assert.IsType<SetAction>(Assert.Single(scene.Actions)).Properties.Single(p => p.Property == "light.brightness").Value,
                Assert.IsType<TimeCondition>(scene.Condition));
        }

        var withElder = Fit(Profiles.BeijingFamily());
        var withoutElder = Fit(Profiles.BeijingFamily().WithoutMember(Profiles.Grandmother));

        Assert.Equal(SceneValue.Of(20), withElder.Brightness);
        Assert.Equal(SceneValue.Of(100), withoutElder.Brightness);
        Assert.Equal((DayTime.At(new TimeOnly(23, 0)), DayTime.At(new TimeOnly(6, 0))), (withElder.Window.After, withElder.Window.Before));
        Assert.Equal(DayTime.At(new TimeOnly(6, 45)), withoutElder.Window.Before);
    }

    [Fact]
    public void A_humid_city_dries_a_damp_room_with_its_ac_and_a_dry_city_gets_no_such_scene()
    {
        var scene = Assert.Single(Profiles.ShenzhenSingle().From("humid-dry")).Scene;

        var trigger = Assert.IsType<PropertyTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal(("environment.relative-humidity", 75.0), (trigger.Property, trigger.Above));
        var set = Assert.IsType<SetAction>(Assert.Single(scene.Actions));
        Assert.Equal("hh-0000042-d5", set.Device);
        Assert.Equal(SceneValue.Of(2), set.Properties.Single(p => p.Property == "air-conditioner.mode").Value);
        Assert.Empty(Profiles.BeijingFamily().From("humid-dry"));
    }

    [Fact]
    public void Curtains_open_at_the_later_of_sunrise_and_the_first_wake_time_and_close_at_sunset()
    {
        var scenes = Profiles.BeijingFamily().From("curtains-sun").Select(s => s.Scene).ToList();

        Assert.Equal(["curtains-sun-open", "curtains-sun-close"], scenes.Select(s => s.Id));
        Assert.Equal([DayTime.Sunrise(TimeSpan.Zero), DayTime.At(new TimeOnly(6, 0))], scenes[0].Triggers.Cast<TimeTrigger>().Select(t => t.At));
        var afters = Assert.IsType<AllCondition>(scenes[0].Condition).Conditions.Cast<TimeCondition>().Select(c => c.After).ToList();
        Assert.Equal([DayTime.Sunrise(TimeSpan.Zero), DayTime.At(new TimeOnly(6, 0))], afters);
        Assert.Equal(DayTime.Sunset(TimeSpan.Zero), Assert.IsType<TimeTrigger>(Assert.Single(scenes[1].Triggers)).At);
        Assert.Empty(Profiles.BeijingFamily().Without(DeviceModels.Curtain).From("curtains-sun"));
    }

    [Fact]
    public void Everyone_away_sets_away_mode_from_home_mode_only_when_the_last_member_leaves()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("everyone-away")).Scene;

        var trigger = Assert.IsType<PresenceTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((PresenceTrigger.AnyPerson, (Whereabouts?)Whereabouts.Home), (trigger.Person, trigger.From));
        var all = Assert.IsType<AllCondition>(scene.Condition).Conditions;
        Assert.Contains(new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome), all);
        Assert.Equal(["home"], all.OfType<ModeCondition>().Single().Modes);
        Assert.Equal("away", Assert.IsType<ModeAction>(scene.Actions[0]).Mode);
        Assert.Equal(8, scene.Actions.OfType<SetAction>().Count());
    }
}
