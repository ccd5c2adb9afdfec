using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Totals;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Totals;

/// <summary>The dashboard's live totals come from the twins' own changes, once per change, and are stored.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class EcosystemTotalsTests(EcosystemCluster cluster)
{
    private static readonly GeoPoint Home = new(31.2304, 121.4737);

    private readonly IGrainFactory _grains = cluster.Grains;

    [Fact]
    public async Task A_device_counts_as_online_once_while_online_and_not_after_it_goes_offline()
    {
        var device = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("lamp"));
        await device.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "hall", "Lamp"));
        var before = await TotalAsync(EcosystemTotal.DevicesOnline);

        await device.SetOnline(true);
        await device.SetOnline(true);
        await device.ReportProperties([new PropertyWrite("light.brightness", AIoT.Ecosystem.Catalog.Validation.PropertyValue.Of(40))]);
        Assert.Equal(before + 1, await TotalAsync(EcosystemTotal.DevicesOnline));

        await device.SetOnline(false);
        await device.SetOnline(false);
        Assert.Equal(before, await TotalAsync(EcosystemTotal.DevicesOnline));
    }

    [Fact]
    public async Task People_at_home_follow_members_joining_leaving_and_coming_back()
    {
        var home = await CreateHomeAsync();
        var before = await TotalAsync(EcosystemTotal.PeopleAtHome);
        var personId = TestKeys.Unique("li-wei");
        await home.AddMember(personId, "Li Wei");
        Assert.Equal(before + 1, await TotalAsync(EcosystemTotal.PeopleAtHome));

        var person = _grains.GetGrain<IPersonGrain>(personId);
        await person.LeaveHome();
        Assert.Equal(before, await TotalAsync(EcosystemTotal.PeopleAtHome));
        await person.SetBandWorn(true);
        Assert.Equal(before, await TotalAsync(EcosystemTotal.PeopleAtHome));
        await person.ArriveHome();
        Assert.Equal(before + 1, await TotalAsync(EcosystemTotal.PeopleAtHome));
    }

    [Fact]
    public async Task A_car_counts_as_driving_out_of_park_and_as_charging_while_it_charges()
    {
        var home = await CreateHomeAsync();
        var carId = TestKeys.Unique("su7");
        await home.AddVehicle(carId);
        var car = _grains.GetGrain<IVehicleGrain>(carId);
        var (driving, charging) = (await TotalAsync(EcosystemTotal.VehiclesDriving), await TotalAsync(EcosystemTotal.VehiclesCharging));

        await car.ReportTelemetry(new VehicleTelemetry(Home, 30, Gear.Drive));
        await car.ReportTelemetry(new VehicleTelemetry(new GeoPoint(31.24, 121.48), 50, Gear.Drive));
        Assert.Equal(driving + 1, await TotalAsync(EcosystemTotal.VehiclesDriving));
        await car.ReportTelemetry(new VehicleTelemetry(Home, 0, Gear.Park));
        Assert.Equal(driving, await TotalAsync(EcosystemTotal.VehiclesDriving));

        await car.PlugIn();
        await car.StartCharging();
        Assert.Equal(charging + 1, await TotalAsync(EcosystemTotal.VehiclesCharging));
        await car.StopCharging();
        Assert.Equal(charging, await TotalAsync(EcosystemTotal.VehiclesCharging));
    }

    [Fact]
    public async Task The_totals_are_stored_so_a_restart_keeps_them()
    {
        var device = _grains.GetGrain<IDeviceGrain>(TestKeys.Unique("plug"));
        await device.Provision(new DeviceRegistration("cuco.plug.v2eur", null, "hall", "Plug"));
        await device.SetOnline(true);
        var total = await TotalAsync(EcosystemTotal.DevicesOnline);

        var stored = await cluster.ReadStoredStateAsync<TotalsState>(_grains.GetGrain<ITotalsGrain>(0));
        Assert.Equal(total, stored.Values[EcosystemTotal.DevicesOnline]);
        await device.SetOnline(false);
        await TotalAsync(EcosystemTotal.DevicesOnline);
    }

    private async Task<IHouseholdGrain> CreateHomeAsync()
    {
        var home = _grains.GetGrain<IHouseholdGrain>(TestKeys.Unique("hh"));
        await home.Create(new HouseholdSetup("Flat", Home, ["living-room", "garage"]));
        return home;
    }

    /// <summary>Sends what the twins added (as the once-a-second timer would) and reads the total.</summary>
    private async Task<long> TotalAsync(EcosystemTotal total)
    {
        await cluster.Totals.FlushAsync();
        return (await _grains.GetGrain<ITotalsGrain>(0).Get())[total];
    }
}
