namespace AIoT.Scenes.Templates;

/// <summary>
/// What the templates know of a home, filled in by the domain from its household: its city and climate, rooms,
/// devices, members and vehicles. Lists are in the household's own order, which fixes the order of the suggestions.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HouseholdProfile(
    string HouseholdId,
    string City,
    IReadOnlyList<string> Rooms,
    IReadOnlyList<ProfileDevice> Devices,
    IReadOnlyList<ProfileMember> Members,
    IReadOnlyList<string> Vehicles)
{
    /// <summary>The city's climate from <see cref="CityClimate.For"/> unless the domain knows better.</summary>
    [Id(0)]
    public CityClimate Climate { get; init; } = CityClimate.For(City);
}

/// <summary>One device of the home: its id, MIoT model id (e.g. "zhimi.airp.mb3"), room, name, and the member who wears or carries it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfileDevice(string Id, string Model, string Room, string Name, string? OwnerId = null);

/// <summary>One member: their day (local times) and the SU7 they drive, if any.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfileMember(
    string Id,
    string Name,
    int Age,
    TimeOnly LeaveHomeAt,
    TimeOnly LeaveWorkAt,
    TimeOnly BedTime,
    TimeOnly WakeTime,
    string? VehicleId = null);
