using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using Orleans;

namespace AIoT.Host.Web.Ecosystem;

/// <summary>A household's page read from its grains: the household, each device's twin, its people and cars, its recent scene firings.</summary>
internal static class HouseholdPage
{
    /// <summary>A home has tens of devices; a fleet registered into one household may have thousands, and a page reads (and a live page watches) only this many.</summary>
    public const int MaxDevices = 200;

    /// <summary>The devices a page shows: room by room, the first <see cref="MaxDevices"/>.</summary>
    public static IReadOnlyList<string> ShownDevices(HouseholdSnapshot snapshot) => [.. snapshot.DevicesByRoom.Values.SelectMany(d => d).Take(MaxDevices)];

    public static async Task<HouseholdView> ReadAsync(IGrainFactory grains, string householdId)
    {
        var household = grains.GetGrain<IHouseholdGrain>(householdId);
        var snapshot = await household.GetSnapshot();
        var summary = household.GetSummary();
        var activity = grains.GetGrain<IHouseholdScenesGrain>(householdId).GetSceneActivity();
        var shown = ShownDevices(snapshot).ToHashSet(StringComparer.Ordinal);
        var rooms = await Task.WhenAll(snapshot.DevicesByRoom.Select(async room => new RoomView(
            room.Key,
            [.. (await Task.WhenAll(room.Value.Where(shown.Contains).Select(id => TwinOrNullAsync(grains, id)))).OfType<DeviceTwin>()])));
        var people = await Task.WhenAll(snapshot.Members.Select(id => grains.GetGrain<IPersonGrain>(id).GetSnapshot()));
        var vehicles = await Task.WhenAll(snapshot.Vehicles.Select(id => grains.GetGrain<IVehicleGrain>(id).GetSnapshot()));
        return new HouseholdView(
            householdId,
            snapshot.Name,
            snapshot.City,
            snapshot.Mode.ToString().ToLowerInvariant(),
            snapshot.ModeChangedAt,
            snapshot.Home,
            rooms,
            people,
            vehicles,
            (await summary).OpenAlerts,
            [.. (await activity).Firings.Select(Web.SceneFiringView.Of)],
            snapshot.DevicesByRoom.Values.Sum(d => d.Count) - shown.Count);
    }

    /// <summary>A device the household lists whose twin is gone (removed halfway) is left out rather than failing the page.</summary>
    private static async Task<DeviceTwin?> TwinOrNullAsync(IGrainFactory grains, string deviceId)
    {
        try
        {
            return await grains.GetGrain<IDeviceGrain>(deviceId).GetTwin();
        }
        catch (DeviceException)
        {
            return null;
        }
    }
}
