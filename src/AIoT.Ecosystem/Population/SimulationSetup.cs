using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Simulation.Behaviour;
using AIoT.Ecosystem.Simulation.Households;

namespace AIoT.Ecosystem.Population;

/// <summary>Turns a household plan into what the household simulator needs.</summary>
public static class SimulationSetup
{
    public static HouseholdSimulator CreateSimulator(HouseholdPlan plan, int seed) =>
        new(plan.HouseholdId, Members(plan), seed, plan.Vehicles.ToDictionary(v => v.VehicleId, v => v.InitialStateOfChargePercent), Devices(plan));

    public static IReadOnlyList<SimulatedMember> Members(HouseholdPlan plan) =>
    [
        .. plan.Members.Select(m => new SimulatedMember(
            m.PersonId,
            m.DrivesVehicleId,
            new CommutePlan(m.LeaveHomeAt, m.LeaveWorkAt, RouteBetween(plan.Home, m.Work), m.DrivesVehicleId is null ? 22 : 36),
            m.BedTime,
            m.WakeTime)),
    ];

    public static IReadOnlyList<SimulatedDevice> Devices(HouseholdPlan plan) =>
        [.. plan.Devices.Select(d => new SimulatedDevice(d.DeviceId, d.Model, d.Room, d.OwnerPersonId))];

    /// <summary>Roads are not straight: a waypoint to one side makes the trip about a fifth longer than the crow flies.</summary>
    private static Route RouteBetween(GeoPoint home, GeoPoint work)
    {
        var bend = home.Towards(work, 0.5).Offset(home.DistanceKmTo(work) * 0.3, 90);
        return new Route([home, bend, work]);
    }
}
