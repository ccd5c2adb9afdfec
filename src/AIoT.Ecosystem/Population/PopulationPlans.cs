using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Population;

/// <summary>One generated home: everything needed to create its twins and simulate it.</summary>
public sealed record HouseholdPlan(
    string HouseholdId,
    string Name,
    string City,
    GeoPoint Home,
    IReadOnlyList<string> Rooms,
    IReadOnlyList<PersonPlan> Members,
    IReadOnlyList<DevicePlan> Devices,
    IReadOnlyList<VehiclePlan> Vehicles);

public sealed record PersonPlan(
    string PersonId,
    string Name,
    GeoPoint Work,
    TimeSpan LeaveHomeAt,
    TimeSpan LeaveWorkAt,
    TimeSpan BedTime,
    TimeSpan WakeTime,
    string? DrivesVehicleId,
    int Age = PersonPlan.DefaultAge)
{
    public const int DefaultAge = 35;
}

public sealed record DevicePlan(string DeviceId, string Model, string Room, string Name, string? OwnerPersonId = null);

public sealed record VehiclePlan(string VehicleId, double InitialStateOfChargePercent);
