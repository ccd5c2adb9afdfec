using AIoT.Ecosystem.Catalog;
using AIoT.Ecosystem.Households.Scenes;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Ecosystem.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace AIoT.Ecosystem.Households;

/// <summary>
/// Reentrant: its scenes call device grains, and a device may be calling its household at the same time (an alert);
/// waiting on each other would deadlock. State changes happen between awaits, and each state keeps one write in flight.
/// </summary>
[GrainType(EcosystemGrainTypes.Household)]
[Reentrant]
public sealed partial class HouseholdGrain(
    [PersistentState(EcosystemGrainTypes.StateName)] IPersistentState<HouseholdState> household,
    [PersistentState(EcosystemGrainTypes.ScenesStateName)] IPersistentState<HouseholdScenesState> scenes,
    TimeProvider time,
    IOptions<TwinStorageOptions> storage,
    ILogger<HouseholdGrain> logger,
    IServiceProvider services) : Grain, IHouseholdGrain
{
    private const string ChargerModel = "home-ev-charger";

    private readonly DeviceCatalog _catalog = services.GetService<DeviceCatalog>() ?? DeviceCatalog.Default;
    private readonly Index.IEcosystemIndex? _index = services.GetService<Index.IEcosystemIndex>();
    private readonly RecentFirings? _recentFirings = services.GetService<RecentFirings>();
    private SerialWriter? _householdWrites;
    private bool _dirty;

    private SerialWriter HouseholdWrites => _householdWrites ??= new SerialWriter(household.WriteStateAsync);

    private HouseholdState State => household.State;

    private string HouseholdId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ResumeScenes();
        await IndexIfNotYetAsync();
    }

    public async Task Create(HouseholdSetup setup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setup.Name);
        State.Name = setup.Name;
        State.Home = Geo.GeoPoint.Create(setup.Home.Latitude, setup.Home.Longitude);
        State.City = setup.City;
        foreach (var room in setup.Rooms)
        {
            AddRoomCore(room);
        }

        await IndexAsync(HouseholdEntry());
        State.Indexed = _index is not null;
        await HouseholdWrites.WriteAsync();
    }

    public Task<HouseholdSnapshot> GetSnapshot() => Task.FromResult(new HouseholdSnapshot(
        HouseholdId,
        State.Name,
        State.Home,
        State.Mode,
        [.. State.Rooms],
        [.. State.Members],
        State.Rooms.ToDictionary(
            room => room,
            room => (IReadOnlyList<string>)[.. State.Devices.Where(d => d.Value.Room == room).Select(d => d.Key).Order(StringComparer.Ordinal)]),
        [.. State.Vehicles],
        [.. State.Chargers],
        State.City,
        State.ModeChangedAt == default ? null : State.ModeChangedAt));

    public Task<HouseholdSummary> GetSummary() => Task.FromResult(new HouseholdSummary(
        HouseholdId,
        State.Mode,
        State.Devices.Count,
        State.Devices.Values.Count(d => d.Online),
        State.Members.Count,
        State.Vehicles.Count,
        [.. State.OpenAlerts]));

    public Task AddRoom(string room) => AddRooms([room]);

    public Task AddRooms(IReadOnlyList<string> rooms)
    {
        var before = State.Rooms.Count;
        foreach (var room in rooms)
        {
            AddRoomCore(room);
        }

        return State.Rooms.Count == before ? Task.CompletedTask : HouseholdWrites.WriteAsync();
    }

    public async Task AddMember(string personId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        RequireCreated();
        await GrainFactory.GetGrain<IPersonGrain>(personId).JoinHousehold(HouseholdId, name);
        await IndexAsync(MemberEntry(personId, name));
        if (!State.Members.Contains(personId))
        {
            State.Members.Add(personId);
        }

        await HouseholdWrites.WriteAsync();
    }

    public Task AddDevice(string deviceId, string model, string room) => AddDevices([new HouseholdDeviceEntry(deviceId, model, room)]);

    public async Task AddDevices(IReadOnlyList<HouseholdDeviceEntry> devices)
    {
        foreach (var device in devices)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(device.DeviceId);
            ArgumentException.ThrowIfNullOrWhiteSpace(device.Model);
            RequireRoom(device.Room);
        }

        await IndexAsync([.. devices.Select(d => DeviceEntry(d.DeviceId, d.Model, d.Room, d.Name))]);
        foreach (var device in devices)
        {
            State.Devices[device.DeviceId] = new HouseholdDevice { Model = device.Model, Room = device.Room, Name = device.Name, OwnerId = device.OwnerId };
        }

        await HouseholdWrites.WriteAsync();
    }

    public async Task RemoveDevice(string deviceId)
    {
        if (_index is not null)
        {
            await _index.RemoveAsync(Index.IndexKind.Device, deviceId);
        }

        _sceneWorld?.Forget(deviceId);
        State.Devices.Remove(deviceId);
        State.Chargers.Remove(deviceId);
        State.OpenAlerts.RemoveAll(a => a.DeviceId == deviceId);
        await HouseholdWrites.WriteAsync();
    }

    public async Task AddVehicle(string vehicleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vehicleId);
        var home = RequireCreated();
        await GrainFactory.GetGrain<IVehicleGrain>(vehicleId).AssignHome(HouseholdId, home);
        await IndexAsync(VehicleEntry(vehicleId));
        if (!State.Vehicles.Contains(vehicleId))
        {
            State.Vehicles.Add(vehicleId);
        }

        await HouseholdWrites.WriteAsync();
    }

    public async Task AddCharger(string deviceId, string room)
    {
        RequireRoom(room);
        await IndexAsync(DeviceEntry(deviceId, ChargerModel, room, null));
        State.Devices[deviceId] = new HouseholdDevice { Model = ChargerModel, Room = room };
        if (!State.Chargers.Contains(deviceId))
        {
            State.Chargers.Add(deviceId);
        }

        await HouseholdWrites.WriteAsync();
    }

    public Task SetMode(HouseholdMode mode) => ChangeModeAsync(mode, AIoT.Scenes.Engine.SceneChain.Empty);

    public Task ReportDeviceOnline(string deviceId, bool online, DateTimeOffset at)
    {
        if (State.Devices.TryGetValue(deviceId, out var device) && (device.Online != online || device.LastSeen != at))
        {
            device.Online = online;
            device.LastSeen = at;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task RaiseAlert(HouseholdAlert alert)
    {
        if (!State.OpenAlerts.Any(a => a.DeviceId == alert.DeviceId && a.Kind == alert.Kind))
        {
            State.OpenAlerts.Add(alert);
        }

        return HouseholdWrites.WriteAsync();
    }

    public Task ClearAlerts(string deviceId)
    {
        State.OpenAlerts.RemoveAll(a => a.DeviceId == deviceId);
        return HouseholdWrites.WriteAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _dirty && storage.Value.WritesOnDeactivation(reason) ? HouseholdWrites.WriteAsync() : Task.CompletedTask;

    private void AddRoomCore(string room)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(room);
        if (!State.Rooms.Contains(room))
        {
            State.Rooms.Add(room);
        }
    }

    private void RequireRoom(string room)
    {
        if (!State.Rooms.Contains(room))
        {
            throw new ArgumentException($"Household {HouseholdId} has no room '{room}'; its rooms are: {string.Join(", ", State.Rooms)}.", nameof(room));
        }
    }

    private Geo.GeoPoint RequireCreated() =>
        State.Home ?? throw new InvalidOperationException($"Household {HouseholdId} was not created yet; call Create first.");
}
