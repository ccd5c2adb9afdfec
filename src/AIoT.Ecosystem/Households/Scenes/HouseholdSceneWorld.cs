using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Time;

namespace AIoT.Ecosystem.Households.Scenes;

/// <summary>
/// The household's view for conditions: the values its devices report for watched properties, where its members
/// are, and its vehicles (read when a condition needs them). Anything not known yet is fetched from its grain once
/// and then kept current by the reports.
/// </summary>
internal sealed class HouseholdSceneWorld(HouseholdState household, IGrainFactory grains) : ISceneWorld
{
    private readonly Dictionary<string, Dictionary<string, SceneValue>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Whereabouts> _whereabouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SceneVehicle> _vehicles = new(StringComparer.Ordinal);

    public string Mode => household.Mode.ToString().ToLowerInvariant();

    public IReadOnlyCollection<string> Members => household.Members;

    public SceneClock Clock => household.Home is { } home
        ? new SceneClock(TimeSpan.FromMinutes(household.UtcOffsetMinutes), home.Latitude, home.Longitude)
        : SceneClock.Beijing;

    public bool TryGetProperty(string deviceId, string key, out SceneValue value)
    {
        value = default;
        return _values.TryGetValue(deviceId, out var values) && values.TryGetValue(key, out value);
    }

    public Whereabouts? WhereIs(string personId) => _whereabouts.TryGetValue(personId, out var where) ? where : null;

    public SceneVehicle? FindVehicle(string vehicleId) => _vehicles.GetValueOrDefault(vehicleId);

    public void Update(string deviceId, IReadOnlyList<PropertyChange> changes)
    {
        if (!_values.TryGetValue(deviceId, out var values))
        {
            _values[deviceId] = values = new Dictionary<string, SceneValue>(StringComparer.Ordinal);
        }

        foreach (var change in changes)
        {
            values[change.Key] = change.New;
        }
    }

    public void Update(string personId, Whereabouts where) => _whereabouts[personId] = where;

    public void Forget(string deviceId) => _values.Remove(deviceId);

    /// <summary>Vehicles are read fresh for each change that needs them; their state moves too fast to cache.</summary>
    public void ForgetVehicles() => _vehicles.Clear();

    public async Task FetchAsync(IReadOnlyCollection<SceneNeed> needs)
    {
        foreach (var group in needs.OfType<PropertyNeed>().GroupBy(n => n.DeviceId, StringComparer.Ordinal))
        {
            try
            {
                var results = await grains.GetGrain<IDeviceGrain>(group.Key).GetProperties([.. group.Select(n => n.Key).Distinct()]);
                Update(group.Key, [.. results.Where(r => r.IsOk && r.Value is not null).Select(r => new PropertyChange(r.Key, null, SceneValues.ToScene(r.Value!.Value)))]);
            }
            catch (DeviceException)
            {
                // Not registered or gone: its value stays unknown, and so do the conditions on it.
            }
        }

        foreach (var person in needs.OfType<PersonNeed>().Select(n => n.PersonId).Distinct())
        {
            Update(person, ToWhereabouts((await grains.GetGrain<IPersonGrain>(person).GetSnapshot()).Location));
        }

        foreach (var vehicle in needs.OfType<VehicleNeed>().Select(n => n.VehicleId).Distinct())
        {
            var car = await grains.GetGrain<IVehicleGrain>(vehicle).GetSnapshot();
            _vehicles[vehicle] = new SceneVehicle(
                car.Charging == ChargingState.Charging, car.Locked, car.SpeedKmh > 0 || car.Gear != Gear.Park, car.DistanceToHomeKm, car.StateOfChargePercent);
        }
    }

    public static Whereabouts ToWhereabouts(PersonLocation location) => location switch
    {
        PersonLocation.Home => Whereabouts.Home,
        PersonLocation.InVehicle => Whereabouts.InVehicle,
        _ => Whereabouts.Away,
    };
}
