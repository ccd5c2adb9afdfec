using AIoT.Scenes.Model;
using static AIoT.Scenes.Tests.Support.FakeHouseholdValidation;

namespace AIoT.Scenes.Tests.Validation;

/// <summary>Each kind of trigger problem, with its path and a message that says what exists instead.</summary>
public sealed class TriggerValidationTests
{
    [Fact]
    public void An_unknown_device_is_named_with_the_households_devices()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("toaster", "2.1")), "triggers[0].device", "no device 'toaster'", "lamp", "purifier", "lock");
    }

    [Fact]
    public void An_unknown_property_is_named_with_the_models_properties()
    {
        Only(
            ProblemsOfTrigger(new PropertyTrigger("lamp", "light.colour") { To = SceneValue.Of(1) }),
            "triggers[0].property",
            "yeelink.light.lamp1 has no property 'light.colour'",
            "light.on, light.brightness, light.flow-params");
    }

    [Fact]
    public void A_property_that_cannot_be_read_cannot_be_watched()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("lamp", "light.flow-params")), "triggers[0].property", "light.flow-params (2.3) cannot be read");
    }

    [Fact]
    public void A_to_or_from_value_out_of_the_propertys_range_is_refused()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("lamp", "light.brightness") { To = SceneValue.Of(150) }), "triggers[0].to", "150 is out of range for light.brightness");
        Only(ProblemsOfTrigger(new PropertyTrigger("lamp", "light.on") { From = SceneValue.Of("yes") }), "triggers[0].from", "light.on takes true or false");
    }

    [Fact]
    public void A_range_must_have_above_less_than_below()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("purifier", "3.6") { Above = 80, Below = 20 }), "triggers[0].above", "above (80) must be less than below (20)");
    }

    [Fact]
    public void Thresholds_on_a_property_that_is_not_a_number_are_refused()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("lamp", "light.on") { Above = 0 }), "triggers[0].above", "light.on is not a number");
        Only(ProblemsOfTrigger(new PropertyTrigger("lamp", "light.on") { Below = 1 }), "triggers[0].below", "light.on is not a number");
    }

    [Fact]
    public void A_negative_for_is_refused()
    {
        Only(ProblemsOfTrigger(new PropertyTrigger("purifier", "3.6") { Above = 75, For = TimeSpan.FromMinutes(-1) }), "triggers[0].for");
    }

    [Fact]
    public void An_unknown_event_is_named_with_the_models_events()
    {
        Only(ProblemsOfTrigger(new EventTrigger("lock", "lock.jammed")), "triggers[0].event", "lumi.lock.mcn01 has no event 'lock.jammed'", "lock.unlocked, lock.locked");
        Only(ProblemsOfTrigger(new EventTrigger("fridge", "2.e1")), "triggers[0].device", "no device 'fridge'");
    }

    [Fact]
    public void An_event_argument_the_event_does_not_carry_is_refused_with_what_it_carries()
    {
        var problems = ProblemsOfTrigger(new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("lock.method", SceneValue.Of(2)), new ArgumentMatch("lock.operator-id", SceneValue.Of(7))] });

        Only(problems, "triggers[0].arguments[1]", "lock.unlocked carries no argument 'lock.operator-id'", "it carries: 2.1");
    }

    [Fact]
    public void An_event_argument_value_out_of_range_is_refused()
    {
        Only(ProblemsOfTrigger(new EventTrigger("lock", "2.e1") { Arguments = [new ArgumentMatch("2.1", SceneValue.Of(99))] }), "triggers[0].arguments[0]", "out of range for lock.method");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(500.5)]
    [InlineData(double.NaN)]
    public void A_vehicle_radius_must_be_above_zero_and_at_most_500_km(double radius)
    {
        Only(ProblemsOfTrigger(new VehicleTrigger("su7", GeofenceEdge.Arriving, radius)), "triggers[0].radiusKm", "is not a radius");
    }

    [Fact]
    public void An_unknown_vehicle_is_named_with_the_households_vehicles()
    {
        Only(ProblemsOfTrigger(new VehicleTrigger("model-y", GeofenceEdge.Leaving, 2)), "triggers[0].vehicle", "no vehicle 'model-y'", "su7");
    }

    [Fact]
    public void A_presence_trigger_needs_a_member_or_anyone_and_a_change()
    {
        Only(ProblemsOfTrigger(new PresenceTrigger("carol") { To = Whereabouts.Home }), "triggers[0].person", "'carol' is not a member", "alice, bob");
        Only(ProblemsOfTrigger(new PresenceTrigger("alice") { From = Whereabouts.Home, To = Whereabouts.Home }), "triggers[0].to", "never fire");
        Assert.Empty(ProblemsOfTrigger(new PresenceTrigger("anyone") { To = Whereabouts.Away }));
    }

    [Fact]
    public void A_mode_trigger_names_household_modes()
    {
        Only(ProblemsOfTrigger(new ModeTrigger { From = "party" }), "triggers[0].from", "'party' is not a household mode", "home, away, sleep, armed");
        Only(ProblemsOfTrigger(new ModeTrigger { To = "vacation" }), "triggers[0].to");
    }

    [Fact]
    public void A_time_of_day_must_be_within_the_day_and_a_sun_offset_within_six_hours()
    {
        Only(ProblemsOfTrigger(new TimeTrigger(new DayTime(DayTimeBase.Clock, TimeSpan.FromHours(24)))), "triggers[0].at", "00:00 to 23:59");
        Only(ProblemsOfTrigger(new TimeTrigger(DayTime.Sunset(TimeSpan.FromHours(-7)))), "triggers[0].at", "at most 6h");
        Assert.Empty(ProblemsOfTrigger(new TimeTrigger(DayTime.Sunrise(TimeSpan.FromHours(6)))));
    }

    [Fact]
    public void Triggers_on_no_day_are_refused()
    {
        Only(ProblemsOfTrigger(new TimeTrigger(DayTime.At(new TimeOnly(7, 0))) { Days = new DaySet(0) }), "triggers[0].days", "name at least one day");
        Only(ProblemsOfTrigger(new ScheduleTrigger(TimeSpan.FromMinutes(15)) { Days = new DaySet(0) }), "triggers[0].days");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(86_401)]
    public void A_schedule_runs_every_minute_to_every_day(int seconds)
    {
        Only(ProblemsOfTrigger(new ScheduleTrigger(TimeSpan.FromSeconds(seconds))), "triggers[0].every", "out of range: give 1m to 1d");
    }

    [Fact]
    public void A_schedule_of_a_minute_or_a_day_is_accepted()
    {
        Assert.Empty(ProblemsOfTrigger(new ScheduleTrigger(TimeSpan.FromMinutes(1))));
        Assert.Empty(ProblemsOfTrigger(new ScheduleTrigger(TimeSpan.FromDays(1))));
    }
}
