using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Twins;

public sealed class HouseholdRelationTests
{
    private static readonly GeoPoint Home = new(31.2304, 121.4737);

    [Fact]
    public async Task Members_vehicles_and_devices_stay_consistent_across_grains()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var home = silo.GrainFactory.GetGrain<IHouseholdGrain>("hh-1");
        await home.Create(new HouseholdSetup("The Lis", Home, ["living-room", "bedroom", "garage"]));
        await home.AddMember("li-wei", "Li Wei");
        await home.AddMember("li-na", "Li Na");
        await home.AddVehicle("su7-li");
        await home.AddDevice("lamp-1", "yeelink.light.ceiling22", "living-room");
        await home.AddCharger("charger-1", "garage");

        var wei = silo.GrainFactory.GetGrain<IPersonGrain>("li-wei");
        var car = silo.GrainFactory.GetGrain<IVehicleGrain>("su7-li");
        Assert.Equal("hh-1", (await wei.GetSnapshot()).HouseholdId);
        var carSnapshot = await car.GetSnapshot();
        Assert.Equal("hh-1", carSnapshot.HouseholdId);
        Assert.Equal(0, carSnapshot.DistanceToHomeKm!.Value, 3);

        await wei.EnterVehicle("su7-li");
        Assert.Equal(["li-wei"], (await car.GetSnapshot()).Occupants);
        Assert.Equal(PersonLocation.InVehicle, (await wei.GetSnapshot()).Location);

        await wei.ExitVehicle(atHome: true);
        Assert.Empty((await car.GetSnapshot()).Occupants);
        var weiNow = await wei.GetSnapshot();
        Assert.Equal(PersonLocation.Home, weiNow.Location);
        Assert.Null(weiNow.VehicleId);

        var snapshot = await home.GetSnapshot();
        Assert.Equal(["li-wei", "li-na"], snapshot.Members);
        Assert.Equal(["lamp-1"], snapshot.DevicesByRoom["living-room"]);
        Assert.Equal(["charger-1"], snapshot.DevicesByRoom["garage"]);
        Assert.Equal(["su7-li"], snapshot.Vehicles);
        Assert.Equal(["charger-1"], snapshot.Chargers);
    }

    [Fact]
    public async Task The_summary_counts_devices_online_and_open_alerts()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var home = silo.GrainFactory.GetGrain<IHouseholdGrain>("hh-2");
        await home.Create(new HouseholdSetup("Flat", Home, ["kitchen"]));
        await home.AddDevice("smoke-1", "lumi.sensor_smoke.mcn02", "kitchen");
        await home.AddDevice("leak-1", "lumi.flood.agl02", "kitchen");
        await home.ReportDeviceOnline("smoke-1", true, DateTimeOffset.UnixEpoch);
        await home.RaiseAlert(new HouseholdAlert("smoke-1", "smoke", "Smoke detected in kitchen", DateTimeOffset.UnixEpoch));
        await home.RaiseAlert(new HouseholdAlert("smoke-1", "smoke", "Smoke detected in kitchen", DateTimeOffset.UnixEpoch));

        var summary = await home.GetSummary();
        Assert.Equal(2, summary.Devices);
        Assert.Equal(1, summary.DevicesOnline);
        Assert.Single(summary.OpenAlerts);

        await home.ClearAlerts("smoke-1");
        Assert.Empty((await home.GetSummary()).OpenAlerts);
    }

    [Fact]
    public async Task A_device_in_an_unknown_room_is_refused_with_the_rooms_listed()
    {
        await using var silo = await EcosystemSilo.StartAsync();
        var home = silo.GrainFactory.GetGrain<IHouseholdGrain>("hh-3");
        await home.Create(new HouseholdSetup("Flat", Home, ["kitchen", "bedroom"]));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => home.AddDevice("lamp", "yeelink.light.ceiling22", "attic"));
        Assert.Contains("'attic'", error.Message);
        Assert.Contains("kitchen, bedroom", error.Message);
        Assert.Empty((await home.GetSnapshot()).DevicesByRoom.SelectMany(r => r.Value));
    }
}
