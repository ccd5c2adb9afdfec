using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;
using Orleans;

namespace AIoT.Host.Web.Ecosystem;

/// <summary>A household's page read from its grains: the household, each device's twin, its people and cars, its recent scene firings.</summary>
internal static class HouseholdPage
{
    public static async Task<HouseholdView> ReadAsync(IGrainFactory grains, string householdId)
    {
        var household = grains.GetGrain<IHouseholdGrain>(householdId);
        var snapshot = await household.GetSnapshot();
        var summary = household.GetSummary();
        var activity = grains.GetGrain<IHouseholdScenesGrain>(householdId).GetSceneActivity();
        var rooms = await Task.WhenAll(snapshot.DevicesByRoom.Select(async room => new RoomView(
            room.Key,
            [.. (await Task.WhenAll(room.Value.Select(id => TwinOrNullAsync(grains, id)))).OfType<DeviceTwin>()])));
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
            [.. (await activity).Firings.Select(Web.SceneFiringView.Of)]);
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
