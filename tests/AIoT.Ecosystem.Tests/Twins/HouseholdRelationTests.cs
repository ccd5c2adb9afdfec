using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Twins;

[Collection(EcosystemCollection.Name)]
public sealed class HouseholdRelationTests(EcosystemCluster cluster)
{
    private static readonly GeoPoint Home = new(31.2304, 121.4737);

    private readonly IGrainFactory _grains = cluster.Grains;

    [Fact]
    public async Task Members_vehicles_and_devices_stay_consistent_across_grains()
    {
        var (homeId, weiId, naId, carId, lampId, chargerId) =
            (TestKeys.Unique("hh"), TestKeys.Unique("li-wei"), TestKeys.Unique("li-na"), TestKeys.Unique("su7-li"), TestKeys.Unique("lamp"), TestKeys.Unique("charger"));
        var home = _grains.GetGrain<IHouseholdGrain>(homeId);
        await home.Create(new HouseholdSetup("The Lis", Home, ["living-room", "bedroom", "garage"]));
        await home.AddMember(weiId, "Li Wei");
        await home.AddMember(naId, "Li Na");
        await home.AddVehicle(carId);
        await home.AddDevice(lampId, "yeelink.light.ceiling22", "living-room");
        await home.AddCharger(chargerId, "garage");

        var wei = _grains.GetGrain<IPersonGrain>(weiId);
        var car = _grains.GetGrain<IVehicleGrain>(carId);
        Assert.Equal(homeId, (await wei.GetSnapshot()).HouseholdId);
        var carSnapshot = await car.GetSnapshot();
        Assert.Equal(homeId, carSnapshot.HouseholdId);
        Assert.Equal(0, carSnapshot.DistanceToHomeKm!.Value, 3);

        await wei.EnterVehicle(carId);
        Assert.Equal([weiId], (await car.GetSnapshot()).Occupants);
        Assert.Equal(PersonLocation.InVehicle, (await wei.GetSnapshot()).Location);

        await wei.ExitVehicle(atHome: true);
        Assert.Empty((await car.GetSnapshot()).Occupants);
        var weiNow = await wei.GetSnapshot();
        Assert.Equal(PersonLocation.Home, weiNow.Location);
        Assert.Null(weiNow.VehicleId);

        var snapshot = await home.GetSnapshot();
        Assert.Equal([weiId, naId], snapshot.Members);
        Assert.Equal([lampId], snapshot.DevicesByRoom["living-room"]);
        Assert.Equal([chargerId], snapshot.DevicesByRoom["garage"]);
        Assert.Equal([carId], snapshot.Vehicles);
        Assert.Equal([chargerId], snapshot.Chargers);
    }

    [Fact]
    public async Task The_summary_counts_devices_online_and_open_alerts()
    {
        var (smokeId, leakId) = (TestKeys.Unique("smoke"), TestKeys.Unique("leak"));
        var home = _grains.GetGrain<IHouseholdGrain>(TestKeys.Unique("hh"));
        await home.Create(new HouseholdSetup("Flat", Home, ["kitchen"]));
        await home.AddDevice(smokeId, "lumi.sensor_smoke.mcn02", "kitchen");
        await home.AddDevice(leakId, "lumi.flood.agl02", "kitchen");
        await home.ReportDeviceOnline(smokeId, true, DateTimeOffset.UnixEpoch);
        await home.RaiseAlert(new HouseholdAlert(smokeId, "smoke", "Smoke detected in kitchen", DateTimeOffset.UnixEpoch));
        await home.RaiseAlert(new HouseholdAlert(smokeId, "smoke", "Smoke detected in kitchen", DateTimeOffset.UnixEpoch));

        var summary = await home.GetSummary();
        Assert.Equal(2, summary.Devices);
        Assert.Equal(1, summary.DevicesOnline);
        Assert.Single(summary.OpenAlerts);

        await home.ClearAlerts(smokeId);
        Assert.Empty((await home.GetSummary()).OpenAlerts);
    }

    [Fact]
    public async Task A_device_in_an_unknown_room_is_refused_with_the_rooms_listed()
    {
        var home = _grains.GetGrain<IHouseholdGrain>(TestKeys.Unique("hh"));
        await home.Create(new HouseholdSetup("Flat", Home, ["kitchen", "bedroom"]));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => home.AddDevice(TestKeys.Unique("lamp"), "yeelink.light.ceiling22", "attic"));
        Assert.Contains("'attic'", error.Message);
        Assert.Contains("kitchen, bedroom", error.Message);
        Assert.Empty((await home.GetSnapshot()).DevicesByRoom.SelectMany(r => r.Value));
    }
}
