using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;
using AIoT.Scenes.Tests.Support;

namespace AIoT.Scenes.Tests.Engine;

/// <summary>Time windows (across midnight, by the sun, on given days), presence and vehicle conditions.</summary>
public sealed class WorldConditionTests
{
    private static Truth At(SceneCondition condition, DateTimeOffset localTime, FakeWorld? world = null, List<SceneNeed>? needs = null) =>
        ConditionEvaluator.Evaluate(condition, world ?? new FakeWorld(), localTime.ToUniversalTime(), needs);

    private static DateTimeOffset Monday(int hour, int minute) => TestScenes.Beijing(2026, 6, 22, hour, minute);

    [Fact]
    public void A_window_across_midnight_holds_late_evening_and_early_morning_only()
    {
        var night = new TimeCondition { After = DayTime.At(new TimeOnly(22, 0)), Before = DayTime.At(new TimeOnly(6, 0)) };

        Assert.Equal(Truth.True, At(night, Monday(22, 0)));
        Assert.Equal(Truth.True, At(night, Monday(23, 30)));
        Assert.Equal(Truth.True, At(night, Monday(0, 0)));
        Assert.Equal(Truth.True, At(night, Monday(5, 59)));
        Assert.Equal(Truth.False, At(night, Monday(6, 0)));
        Assert.Equal(Truth.False, At(night, Monday(12, 0)));
        Assert.Equal(Truth.False, At(night, Monday(21, 59)));
    }

    [Fact]
    public void A_window_within_a_day_includes_its_start_and_excludes_its_end()
    {
        var office = new TimeCondition { After = DayTime.At(new TimeOnly(9, 0)), Before = DayTime.At(new TimeOnly(17, 0)) };

        Assert.Equal(Truth.False, At(office, Monday(8, 59)));
        Assert.Equal(Truth.True, At(office, Monday(9, 0)));
        Assert.Equal(Truth.True, At(office, Monday(16, 59)));
        Assert.Equal(Truth.False, At(office, Monday(17, 0)));
    }

    [Fact]
    public void Only_after_or_only_before_is_open_at_the_other_end_of_the_day()
    {
        Assert.Equal(Truth.True, At(new TimeCondition { After = DayTime.At(new TimeOnly(18, 0)) }, Monday(23, 59)));
        Assert.Equal(Truth.False, At(new TimeCondition { After = DayTime.At(new TimeOnly(18, 0)) }, Monday(0, 30)));
        Assert.Equal(Truth.True, At(new TimeCondition { Before = DayTime.At(new TimeOnly(8, 0)) }, Monday(0, 30)));
        Assert.Equal(Truth.False, At(new TimeCondition { Before = DayTime.At(new TimeOnly(8, 0)) }, Monday(8, 0)));
    }

    [Fact]
    public void A_window_from_sunset_to_sunrise_holds_in_the_dark()
    {
        var dark = new TimeCondition { After = DayTime.Sunset(TimeSpan.Zero), Before = DayTime.Sunrise(TimeSpan.Zero) };

        Assert.Equal(Truth.True, At(dark, Monday(21, 0)));
        Assert.Equal(Truth.True, At(dark, Monday(3, 0)));
        Assert.Equal(Truth.False, At(dark, Monday(12, 0)));
        Assert.Equal(Truth.False, At(dark, Monday(19, 30)));
        Assert.Equal(Truth.False, At(dark, Monday(5, 0)));
    }

    [Fact]
    public void Days_are_the_households_local_days()
    {
        var weekend = new TimeCondition { Days = DaySet.Weekend };

        // Sunday 21 June 23:30 in Beijing is still Sunday 15:30 in UTC; Monday 00:30 in Beijing is Sunday 16:30 in UTC.
        Assert.Equal(Truth.True, At(weekend, TestScenes.Beijing(2026, 6, 21, 23, 30)));
        Assert.Equal(Truth.False, At(weekend, TestScenes.Beijing(2026, 6, 22, 0, 30)));
        Assert.Equal(Truth.False, At(new TimeCondition { After = DayTime.At(new TimeOnly(9, 0)), Days = DaySet.Weekend }, Monday(10, 0)));
    }

    [Fact]
    public void A_person_condition_is_unknown_until_the_person_is_known()
    {
        var needs = new List<SceneNeed>();
        var aliceHome = new PresenceCondition("alice", PresenceTest.Home);

        Assert.Equal(Truth.Unknown, At(aliceHome, Monday(10, 0), needs: needs));
        Assert.Equal([new PersonNeed("alice")], needs);
        Assert.Equal(Truth.True, At(aliceHome, Monday(10, 0), new FakeWorld().With("alice", Whereabouts.Home)));
        Assert.Equal(Truth.False, At(aliceHome, Monday(10, 0), new FakeWorld().With("alice", Whereabouts.InVehicle)));
    }

    [Theory]
    [InlineData(PresenceTest.Home, Whereabouts.Home, true)]
    [InlineData(PresenceTest.Home, Whereabouts.Away, false)]
    [InlineData(PresenceTest.NotHome, Whereabouts.Away, true)]
    [InlineData(PresenceTest.NotHome, Whereabouts.InVehicle, true)]
    [InlineData(PresenceTest.NotHome, Whereabouts.Home, false)]
    [InlineData(PresenceTest.Away, Whereabouts.Away, true)]
    [InlineData(PresenceTest.Away, Whereabouts.InVehicle, false)]
    [InlineData(PresenceTest.InVehicle, Whereabouts.InVehicle, true)]
    [InlineData(PresenceTest.InVehicle, Whereabouts.Home, false)]
    public void Each_presence_test_holds_for_its_whereabouts(PresenceTest test, Whereabouts where, bool holds)
    {
        Assert.Equal(holds ? Truth.True : Truth.False, At(new PresenceCondition("bob", test), Monday(10, 0), new FakeWorld().With("bob", where)));
    }

    [Fact]
    public void Anyone_home_is_true_with_one_member_home_even_if_another_is_not_known()
    {
        var anyoneHome = new PresenceCondition(PresenceCondition.Anyone, PresenceTest.Home);
        var needs = new List<SceneNeed>();

        Assert.Equal(Truth.True, At(anyoneHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Home)));
        Assert.Equal(Truth.Unknown, At(anyoneHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Away), needs));
        Assert.Equal([new PersonNeed("alice")], needs);
        Assert.Equal(Truth.False, At(anyoneHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Away).With("alice", Whereabouts.InVehicle)));
    }

    [Fact]
    public void Everyone_not_home_is_false_with_one_member_home_even_if_another_is_not_known()
    {
        var nobodyHome = new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome);

        Assert.Equal(Truth.False, At(nobodyHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Home)));
        Assert.Equal(Truth.Unknown, At(nobodyHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Away)));
        Assert.Equal(Truth.True, At(nobodyHome, Monday(10, 0), new FakeWorld().With("bob", Whereabouts.Away).With("alice", Whereabouts.InVehicle)));
    }

    private static readonly SceneVehicle ParkedNearHome = new(Charging: true, Locked: true, Driving: false, DistanceToHomeKm: 0.2, ChargePercent: 45);

    [Fact]
    public void A_vehicle_not_known_is_unknown_and_named_as_a_need()
    {
        var needs = new List<SceneNeed>();

        Assert.Equal(Truth.Unknown, At(new VehicleCondition("su7") { Locked = true }, Monday(10, 0), needs: needs));
        Assert.Equal([new VehicleNeed("su7")], needs);
    }

    [Fact]
    public void Every_vehicle_test_given_must_hold()
    {
        var world = new FakeWorld().With("su7", ParkedNearHome);

        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { Charging = true, Locked = true, Driving = false }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { Charging = true, Locked = false }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { Driving = true }, Monday(10, 0), world));
        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { WithinKm = 1 }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { WithinKm = 0.1 }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { BeyondKm = 1 }, Monday(10, 0), world));
        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { BeyondKm = 0.1 }, Monday(10, 0), world));
        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { ChargeBelowPercent = 50 }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { ChargeBelowPercent = 45 }, Monday(10, 0), world));
        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { ChargeAbovePercent = 40 }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { ChargeAbovePercent = 45 }, Monday(10, 0), world));
    }

    [Fact]
    public void A_distance_test_on_a_vehicle_whose_distance_to_home_is_not_known_is_unknown_not_false_or_true()
    {
        // The household has no home location yet: the car is neither near nor far from it.
        var world = new FakeWorld().With("su7", ParkedNearHome with { DistanceToHomeKm = null });

        Assert.Equal(Truth.Unknown, At(new VehicleCondition("su7") { WithinKm = 1 }, Monday(10, 0), world));
        Assert.Equal(Truth.Unknown, At(new VehicleCondition("su7") { BeyondKm = 1 }, Monday(10, 0), world));
        Assert.Equal(Truth.False, At(new VehicleCondition("su7") { BeyondKm = 1, Charging = false }, Monday(10, 0), world));
        Assert.Equal(Truth.True, At(new VehicleCondition("su7") { Charging = true }, Monday(10, 0), world));
    }
}
