using AIoT.Scenes.Model;
using AIoT.Scenes.Validation;
using static AIoT.Scenes.Tests.Support.FakeHouseholdValidation;

namespace AIoT.Scenes.Tests.Validation;

/// <summary>Each kind of condition problem, with its path through all/any/not.</summary>
public sealed class ConditionValidationTests
{
    [Fact]
    public void A_single_condition_is_at_conditions()
    {
        Only(ProblemsOfCondition(new PropertyCondition("lamp", "light.colour", Comparison.Equals, SceneValue.Of(1))), "conditions.property", "no property 'light.colour'");
    }

    [Fact]
    public void Paths_lead_through_all_any_and_not()
    {
        var condition = new AllCondition(
        [
            new ModeCondition(["home"]),
            new AnyCondition([new NotCondition(new PropertyCondition("toaster", "2.1", Comparison.Equals, SceneValue.Of(true))), new PresenceCondition("carol", PresenceTest.Home)]),
        ]);

        Assert.Equal(["conditions[1].conditions[0].condition.device", "conditions[1].conditions[1].person"], ProblemsOfCondition(condition).Select(p => p.Path));
    }

    [Fact]
    public void Comparing_a_property_that_is_not_a_number_by_size_is_refused()
    {
        Only(ProblemsOfCondition(new PropertyCondition("lamp", "light.on", Comparison.Above, SceneValue.Of(0))), "conditions.above", "light.on is not a number; compare it with equals or notEquals");
    }

    [Fact]
    public void An_equals_value_out_of_range_is_refused()
    {
        Only(ProblemsOfCondition(new PropertyCondition("lamp", "light.brightness", Comparison.NotEquals, SceneValue.Of(0))), "conditions.notEquals", "out of range for light.brightness");
    }

    [Fact]
    public void A_property_that_cannot_be_read_cannot_be_compared()
    {
        Only(ProblemsOfCondition(new PropertyCondition("lamp", "2.3", Comparison.Equals, SceneValue.Of("x"))), "conditions.property", "cannot be read");
    }

    [Fact]
    public void An_empty_any_is_refused()
    {
        Only(ProblemsOfCondition(new AnyCondition([])), "conditions", "'any' needs at least one condition");
    }

    [Fact]
    public void Conditions_nested_too_deep_are_refused()
    {
        SceneCondition condition = new ModeCondition(["home"]);
        for (var i = 0; i <= SceneValidator.MaxConditionDepth; i++)
        {
            condition = new NotCondition(condition);
        }

        Only(ProblemsOfCondition(condition), "conditions" + string.Concat(Enumerable.Repeat(".condition", SceneValidator.MaxConditionDepth + 1)), "nest deeper than 8");
    }

    [Fact]
    public void A_time_condition_needs_something_to_test_and_valid_times_and_days()
    {
        Only(ProblemsOfCondition(new TimeCondition()), "conditions", "needs after, before or days");
        Only(ProblemsOfCondition(new TimeCondition { After = new DayTime(DayTimeBase.Clock, TimeSpan.FromMinutes(-1)) }), "conditions.after");
        Only(ProblemsOfCondition(new TimeCondition { Before = DayTime.Sunrise(TimeSpan.FromHours(8)) }), "conditions.before", "at most 6h");
        Only(ProblemsOfCondition(new TimeCondition { Days = new DaySet(0) }), "conditions.days");
        Assert.Empty(ProblemsOfCondition(new TimeCondition { Days = DaySet.Weekend }));
    }

    [Fact]
    public void A_mode_condition_names_at_least_one_household_mode()
    {
        Only(ProblemsOfCondition(new ModeCondition([])), "conditions.mode", "home, away, sleep, armed");
        Only(ProblemsOfCondition(new ModeCondition(["home", "party"])), "conditions.mode[1]", "'party' is not a household mode");
    }

    [Fact]
    public void A_presence_condition_takes_a_member_anyone_or_everyone()
    {
        Only(ProblemsOfCondition(new PresenceCondition("carol", PresenceTest.Home)), "conditions.person", "(or 'anyone', 'everyone')");
        Assert.Empty(ProblemsOfCondition(new PresenceCondition("everyone", PresenceTest.NotHome)));
        Assert.Empty(ProblemsOfCondition(new PresenceCondition("anyone", PresenceTest.Home)));
        Assert.Empty(ProblemsOfCondition(new PresenceCondition("bob", PresenceTest.InVehicle)));
    }

    [Fact]
    public void A_vehicle_condition_needs_a_known_vehicle_and_a_test()
    {
        Only(ProblemsOfCondition(new VehicleCondition("model-y") { Charging = true }), "conditions.vehicle", "no vehicle 'model-y'");
        Only(ProblemsOfCondition(new VehicleCondition("su7")), "conditions", "needs at least one of charging");
    }

    [Fact]
    public void A_vehicle_conditions_distances_and_charge_levels_must_be_possible()
    {
        Only(ProblemsOfCondition(new VehicleCondition("su7") { WithinKm = -1 }), "conditions.withinKm", "-1 km is not a distance");
        Only(ProblemsOfCondition(new VehicleCondition("su7") { BeyondKm = double.NaN }), "conditions.beyondKm", "not a distance");
        Only(ProblemsOfCondition(new VehicleCondition("su7") { ChargeBelowPercent = 120 }), "conditions.chargeBelow", "120% is not a charge level: give 0 to 100");
        Only(ProblemsOfCondition(new VehicleCondition("su7") { ChargeAbovePercent = -5 }), "conditions.chargeAbove");
        Assert.Empty(ProblemsOfCondition(new VehicleCondition("su7") { WithinKm = 0.5, BeyondKm = 0, ChargeBelowPercent = 100, ChargeAbovePercent = 0 }));
    }
}
