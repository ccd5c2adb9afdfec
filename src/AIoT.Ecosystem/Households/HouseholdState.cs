using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Households;

[GenerateSerializer]
public sealed class HouseholdState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public GeoPoint? Home { get; set; }

    [Id(2)]
    public HouseholdMode Mode { get; set; } = HouseholdMode.Home;

    [Id(3)]
    public List<string> Rooms { get; set; } = [];

    [Id(4)]
    public List<string> Members { get; set; } = [];

    [Id(5)]
    public Dictionary<string, HouseholdDevice> Devices { get; set; } = [];

    [Id(6)]
    public List<string> Vehicles { get; set; } = [];

    [Id(7)]
    public List<string> Chargers { get; set; } = [];

    [Id(8)]
    public List<HouseholdAlert> OpenAlerts { get; set; } = [];

    [Id(9)]
    public DateTimeOffset ModeChangedAt { get; set; }

    [Id(10)]
    public string? City { get; set; }

    /// <summary>For scenes' times of day; China keeps one time zone, UTC+8, with no daylight saving.</summary>
    [Id(11)]
    public int UtcOffsetMinutes { get; set; } = DefaultUtcOffsetMinutes;

    public const int DefaultUtcOffsetMinutes = 8 * 60;

    /// <summary>Its entries are in the ecosystem index; false for a household stored before the index existed.</summary>
    [Id(12)]
    public bool Indexed { get; set; }
}

[GenerateSerializer]
public sealed class HouseholdDevice
{
    [Id(0)]
    public string Model { get; set; } = "";

    [Id(1)]
    public string Room { get; set; } = "";

    [Id(2)]
    public bool Online { get; set; }

    [Id(3)]
    public DateTimeOffset? LastSeen { get; set; }

    [Id(4)]
    public string? Name { get; set; }

    /// <summary>The member who wears or carries it (a band, a phone).</summary>
    [Id(5)]
    public string? OwnerId { get; set; }
}

/// <summary>Something that needs a person: smoke, gas, a leak, a lock forced.</summary>
[GenerateSerializer, Immutable]
public sealed record HouseholdAlert(string DeviceId, string Kind, string Message, DateTimeOffset RaisedAt);

[GenerateSerializer, Immutable]
public sealed record HouseholdDeviceEntry(string DeviceId, string Model, string Room, string? Name = null, string? OwnerId = null);

[GenerateSerializer, Immutable]
public sealed record HouseholdSetup(string Name, GeoPoint Home, IReadOnlyList<string> Rooms, string? City = null);

[GenerateSerializer, Immutable]
public sealed record HouseholdSnapshot(
    string HouseholdId,
    string Name,
    GeoPoint? Home,
    HouseholdMode Mode,
    IReadOnlyList<string> Rooms,
    IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, IReadOnlyList<string>> DevicesByRoom,
    IReadOnlyList<string> Vehicles,
    IReadOnlyList<string> Chargers,
    string? City = null,
    DateTimeOffset? ModeChangedAt = null);

[GenerateSerializer, Immutable]
public sealed record HouseholdSummary(string HouseholdId, HouseholdMode Mode, int Devices, int DevicesOnline, int Members, int Vehicles, IReadOnlyList<HouseholdAlert> OpenAlerts);
