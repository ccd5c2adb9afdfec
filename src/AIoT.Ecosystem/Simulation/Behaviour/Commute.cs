using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Simulation.Behaviour;

public enum CommutePhase
{
    AtHome,
    ToWork,
    AtWork,
    ToHome,
}

/// <summary>One person's weekday: leave home in the morning, drive the route to work, drive back in the evening.</summary>
public sealed record CommutePlan(TimeSpan LeaveHomeAt, TimeSpan LeaveWorkAt, Route ToWork, double AverageSpeedKmh)
{
    public Route ToHome { get; } = ToWork.Reversed();
}

public sealed record CommuteState(CommutePhase Phase, double KmAlongRoute)
{
    public static readonly CommuteState Home = new(CommutePhase.AtHome, 0);
}

/// <summary>Where the car is after a step, and whether the trip began or ended in it.</summary>
public sealed record CommuteStep(CommuteState State, GeoPoint Position, double SpeedKmh, Gear Gear, double KmDriven, CommuteTransition Transition);

public enum CommuteTransition
{
    None,
    LeftHome,
    ArrivedAtWork,
    LeftWork,
    ArrivedHome,
}

/// <summary>Advances a commute by one simulation step; deterministic for the same random sequence.</summary>
public static class Commute
{
    public static CommuteStep Step(CommutePlan plan, CommuteState state, DateTimeOffset now, TimeSpan dt, Random random)
    {
        var time = now.TimeOfDay;
        var weekday = now.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday;
        switch (state.Phase)
        {
            case CommutePhase.AtHome when weekday && time >= plan.LeaveHomeAt && time < plan.LeaveWorkAt:
                return Drive(plan.ToWork, new CommuteState(CommutePhase.ToWork, 0), dt, random, plan.AverageSpeedKmh, CommuteTransition.LeftHome);
            case CommutePhase.AtWork when time >= plan.LeaveWorkAt:
                return Drive(plan.ToHome, new CommuteState(CommutePhase.ToHome, 0), dt, random, plan.AverageSpeedKmh, CommuteTransition.LeftWork);
            case CommutePhase.ToWork:
                return Drive(plan.ToWork, state, dt, random, plan.AverageSpeedKmh, CommuteTransition.None);
            case CommutePhase.ToHome:
                return Drive(plan.ToHome, state, dt, random, plan.AverageSpeedKmh, CommuteTransition.None);
            case CommutePhase.AtWork:
                return new CommuteStep(state, plan.ToWork.End, 0, Gear.Park, 0, CommuteTransition.None);
            default:
                return new CommuteStep(state, plan.ToWork.Start, 0, Gear.Park, 0, CommuteTransition.None);
        }
    }

    private static CommuteStep Drive(Route route, CommuteState state, TimeSpan dt, Random random, double averageKmh, CommuteTransition transition)
    {
        // City traffic: a red light now and then, otherwise around the average speed.
        var speed = random.NextDouble() < 0.15 ? 0 : averageKmh * (0.7 + (random.NextDouble() * 0.6));
        var km = Math.Min(route.LengthKm - state.KmAlongRoute, speed * dt.TotalHours);
        var along = state.KmAlongRoute + km;
        if (along >= route.LengthKm - 1e-9)
        {
            var arrived = state.Phase == CommutePhase.ToWork ? CommutePhase.AtWork : CommutePhase.AtHome;
            return new CommuteStep(
                new CommuteState(arrived, 0),
                route.End,
                0,
                Gear.Park,
                km,
                arrived == CommutePhase.AtWork ? CommuteTransition.ArrivedAtWork : CommuteTransition.ArrivedHome);
        }

        return new CommuteStep(state with { KmAlongRoute = along }, route.PointAt(along), Math.Round(speed, 1), Gear.Drive, km, transition);
    }
}
