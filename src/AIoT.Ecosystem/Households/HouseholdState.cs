using AIoT.Ecosystem.Geo;

namespace AIoT.Ecosystem.Households;

public sealed class HouseholdState
{
    public string Name { get; set; } = "";

    public GeoPoint? Home { get; set; }

    public HouseholdMode Mode { get; set; } = HouseholdMode.Home;

    public List<string> Rooms { get; set; } = [];

    public List<string> Members { get; set; } = [];

    public Dictionary<string, HouseholdDevice> Devices { get; set; } = [];

    public List<string> Vehicles { get; set; } = [];

    public List<string> Chargers { get; set; } = [];

    public List<HouseholdAlert> OpenAlerts { get; set; } = [];

    public DateTimeOffset ModeChangedAt { get; set; }
}

public sealed class HouseholdDevice
{
    public string Model { get; set; } = "";

    public string Room { get; set; } = "";

    public bool Online { get; set; }

    public DateTimeOffset? LastSeen { get; set; }
}

/// <summary>Something that needs a person: smoke, gas, a leak, a lock forced.</summary>
public sealed record HouseholdAlert(string DeviceId, string Kind, string Message, DateTimeOffset RaisedAt);

public sealed record HouseholdSetup(string Name, GeoPoint Home, IReadOnlyList<string> Rooms);

public sealed record HouseholdSnapshot(
    string HouseholdId,
    string Name,
    GeoPoint? Home,
    HouseholdMode Mode,
    IReadOnlyList<string> Rooms,
    IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, IReadOnlyList<string>> DevicesByRoom,
    IReadOnlyList<string> Vehicles,
    IReadOnlyList<string> Chargers);

public sealed record HouseholdSummary(string HouseholdId, HouseholdMode Mode, int Devices, int DevicesOnline, int Members, int Vehicles, IReadOnlyList<HouseholdAlert> OpenAlerts);
