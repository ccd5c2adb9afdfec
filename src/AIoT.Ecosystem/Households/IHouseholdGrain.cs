using Orleans.Concurrency;

namespace AIoT.Ecosystem.Households;

/// <summary>A home: rooms, members, devices by room, mode, vehicles and chargers. Keyed by household id.</summary>
public interface IHouseholdGrain : IGrainWithStringKey
{
    Task Create(HouseholdSetup setup);

    [ReadOnly]
    Task<HouseholdSnapshot> GetSnapshot();

    [ReadOnly]
    Task<HouseholdSummary> GetSummary();

    Task AddRoom(string room);

    Task AddRooms(IReadOnlyList<string> rooms);

    /// <summary>Adds a member and binds the person to this household.</summary>
    Task AddMember(string personId, string name);

    Task AddDevice(string deviceId, string model, string room);

    /// <summary>Many devices in one write, for bulk registration; every room must exist.</summary>
    Task AddDevices(IReadOnlyList<HouseholdDeviceEntry> devices);

    Task RemoveDevice(string deviceId);

    /// <summary>Adds a vehicle and sets its home to this household's location.</summary>
    Task AddVehicle(string vehicleId);

    Task AddCharger(string deviceId, string room);

    Task SetMode(HouseholdMode mode);

    /// <summary>Device grains report their connectivity here; one-way so a device never waits on its home.</summary>
    [OneWay]
    Task ReportDeviceOnline(string deviceId, bool online, DateTimeOffset at);

    Task RaiseAlert(HouseholdAlert alert);

    Task ClearAlerts(string deviceId);
}
