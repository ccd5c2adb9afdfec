namespace AIoT.Ecosystem.People;

public sealed class PersonState
{
    public string? HouseholdId { get; set; }

    public string Name { get; set; } = "";

    public PersonLocation Location { get; set; } = PersonLocation.Home;

    public string? VehicleId { get; set; }

    /// <summary>The phone is on the home network (Xiaomi's presence signal).</summary>
    public bool PhoneAtHome { get; set; } = true;

    /// <summary>The smart band is worn and connected.</summary>
    public bool BandWorn { get; set; }

    public SleepState Sleep { get; set; } = SleepState.Awake;

    public DateTimeOffset LastChanged { get; set; }
}

public sealed record PersonSnapshot(
    string PersonId, string? HouseholdId, string Name, PersonLocation Location, string? VehicleId, bool PhoneAtHome, bool BandWorn, SleepState Sleep, DateTimeOffset LastChanged);
