using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Simulation.Behaviour;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Behaviour;

public sealed class BehaviourDirectionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void The_air_conditioner_cools_a_hot_room_to_its_setpoint_and_the_room_warms_back_when_it_stops()
    {
        var random = new Random(1);
        var room = 31.0;
        for (var i = 0; i < 60; i++)
        {
            room = RoomClimate.Step(room, outdoorC: 34, airConditionerSetpointC: 24, Minute, random);
        }

        Assert.InRange(room, 23.8, 24.5);

        for (var i = 0; i < 120; i++)
        {
            room = RoomClimate.Step(room, outdoorC: 34, airConditionerSetpointC: null, Minute, random);
        }

        Assert.InRange(room, 26, 34);
    }

    [Fact]
    public void The_purifier_lowers_pm25_faster_in_fan_mode_than_silent_and_the_room_returns_toward_outdoor_air_without_it()
    {
        double Run(bool on, int mode, double start, int minutes)
        {
            var random = new Random(7);
            var pm = start;
            for (var i = 0; i < minutes; i++)
            {
                pm = AirPurification.Step(pm, outdoorPm25: 150, on, mode, roomVolumeM3: 50, Minute, random);
            }

            return pm;
        }

        var fan = Run(true, 3, 150, 30);
        var silent = Run(true, 1, 150, 30);
        Assert.True(fan < 20, $"fan mode left {fan} µg/m³");
        Assert.True(silent > fan && silent < 150, $"silent {silent} vs fan {fan}");
        Assert.True(Run(false, 0, 10, 240) > 60);
    }

    [Fact]
    public void The_vacuum_drains_while_cleaning_returns_when_done_and_recharges_to_full()
    {
        var vacuum = VacuumCycle.Docked().Start(areaM2: 60);
        var lowest = 100.0;
        var sawReturn = false;
        for (var i = 0; i < 180 && !(sawReturn && vacuum.Status == VacuumStatus.Docked); i++)
        {
            vacuum = vacuum.Step(Minute);
            lowest = Math.Min(lowest, vacuum.BatteryPercent);
            sawReturn |= vacuum.Status == VacuumStatus.Returning;
        }

        Assert.True(sawReturn);
        Assert.InRange(lowest, 50, 65);
        Assert.Equal(VacuumStatus.Docked, vacuum.Status);
        Assert.Equal(100, vacuum.BatteryPercent);
    }

    [Fact]
    public void A_vacuum_low_on_battery_stops_cleaning_early()
    {
        var vacuum = VacuumCycle.Docked(battery: 30).Start(areaM2: 200);
        for (var i = 0; i < 20 && vacuum.Status == VacuumStatus.Cleaning; i++)
        {
            vacuum = vacuum.Step(Minute);
        }

        Assert.Equal(VacuumStatus.Returning, vacuum.Status);
        Assert.True(vacuum.AreaLeftM2 > 0);
    }

    [Fact]
    public void Lights_follow_occupancy_and_daylight()
    {
        var evening = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
        var noon = evening.AddHours(-8);
        Assert.Equal((true, 80), Lighting.Decide(occupied: true, asleep: false, evening));
        Assert.Equal((false, 0), Lighting.Decide(occupied: false, asleep: false, evening));
        Assert.Equal((false, 0), Lighting.Decide(occupied: true, asleep: false, noon));
        Assert.Equal((true, 30), Lighting.Decide(occupied: true, asleep: false, evening.AddHours(3)));
    }

    [Fact]
    public void A_commute_leaves_in_the_morning_arrives_at_work_and_comes_home_in_the_evening()
    {
        var home = new GeoPoint(39.9042, 116.4074);
        var plan = new CommutePlan(TimeSpan.FromHours(8), TimeSpan.FromHours(18), new Route([home, home.Offset(6, 45), home.Offset(12, 60)]), 35);
        var random = new Random(3);
        var state = CommuteState.Home;
        var transitions = new List<(CommuteTransition, TimeSpan)>();
        var km = 0.0;
        var start = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
        for (var t = start; t < start.AddHours(14); t += Minute)
        {
            var step = Commute.Step(plan, state, t, Minute, random);
            state = step.State;
            km += step.KmDriven;
            if (step.Transition != CommuteTransition.None)
            {
                transitions.Add((step.Transition, t.TimeOfDay));
            }
        }

        Assert.Equal(
            [CommuteTransition.LeftHome, CommuteTransition.ArrivedAtWork, CommuteTransition.LeftWork, CommuteTransition.ArrivedHome],
            transitions.Select(t => t.Item1));
        Assert.Equal(TimeSpan.FromHours(8), transitions[0].Item2);
        Assert.Equal(TimeSpan.FromHours(18), transitions[2].Item2);
        Assert.InRange(km, 2 * plan.ToWork.LengthKm - 0.01, 2 * plan.ToWork.LengthKm + 0.01);
        Assert.Equal(CommutePhase.AtHome, state.Phase);
        Assert.True(Su7Specification.PercentForKm(km) > 3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_commute_and_another_seed_a_different_one()
    {
        var home = new GeoPoint(22.5431, 114.0579);
        var plan = new CommutePlan(TimeSpan.FromHours(8), TimeSpan.FromHours(18), new Route([home, home.Offset(15, 120)]), 40);

        List<GeoPoint> Trace(int seed)
        {
            var random = new Random(seed);
            var state = CommuteState.Home;
            var trace = new List<GeoPoint>();
            var start = new DateTimeOffset(2026, 11, 23, 7, 30, 0, TimeSpan.Zero);
            for (var t = start; t < start.AddHours(1); t += Minute)
            {
                var step = Commute.Step(plan, state, t, Minute, random);
                state = step.State;
                trace.Add(step.Position);
            }

            return trace;
        }

        Assert.Equal(Trace(42), Trace(42));
        Assert.NotEqual(Trace(42), Trace(43));
    }
}
