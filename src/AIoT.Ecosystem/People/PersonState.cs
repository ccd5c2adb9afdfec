namespace AIoT.Ecosystem.People;

[GenerateSerializer]
public sealed class PersonState
{
    [Id(0)]
    public string? HouseholdId { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public PersonLocation Location { get; set; } = PersonLocation.Home;

    [Id(3)]
    public string? VehicleId { get; set; }

    /// <summary>The phone is on the home network (Xiaomi's presence signal).</summary>
    [Id(4)]
    public bool PhoneAtHome { get; set; } = true;

    /// <summary>The smart band is worn and connected.</summary>
    [Id(5)]
    public bool BandWorn { get; set; }

    [Id(6)]
    public SleepState Sleep { get; set; } = SleepState.Awake;

    [Id(7)]
    public DateTimeOffset LastChanged { get; set; }

    [Id(8)]
    public PersonProfile? Profile { get; set; }
}

/// <summary>What personalises a member's scenes: age and daily routine (times of day, local).</summary>
[GenerateSerializer, Immutable]
public sealed record PersonProfile(int Age, TimeSpan LeaveHomeAt, TimeSpan LeaveWorkAt, TimeSpan BedTime, TimeSpan WakeTime, string? DrivesVehicleId = null);

[GenerateSerializer, Immutable]
public sealed record PersonSnapshot(
    string PersonId, string? HouseholdId, string Name, PersonLocation Location, string? VehicleId, bool PhoneAtHome, bool BandWorn, SleepState Sleep, DateTimeOffset LastChanged, PersonProfile? Profile = null);
