using AIoT.Ecosystem.Geo;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Vehicles;

namespace AIoT.Ecosystem.Tests.Twins;

[Collection(EcosystemCollection.Name)]
public sealed class VehicleGrainTests(EcosystemCluster cluster)
{
    private static readonly GeoPoint Home = new(39.9042, 116.4074);

    private readonly IGrainFactory _grains = cluster.Grains;

    [Fact]
    public async Task Driving_home_fires_arriving_at_each_radius_and_driving_away_fires_leaving()
    {
        var homeId = TestKeys.Unique("home");
        var car = _grains.GetGrain<IVehicleGrain>(TestKeys.Unique("su7"));
        await car.AssignHome(homeId, Home);
        await car.ConfigureGeofence([2.0, 0.1]);

        var drivenOff = await car.ReportTelemetry(new VehicleTelemetry(Home.Offset(5, 90), 80, Gear.Drive));
        Assert.Equal([GeofenceDirection.Leaving, GeofenceDirection.Leaving], drivenOff.Select(e => e.Direction));

        var events = new List<GeofenceEvent>();
        for (var km = 4.95; km >= 0; km -= 0.05)
        {
            events.AddRange(await car.ReportTelemetry(new VehicleTelemetry(Home.Offset(km, 90), 40, Gear.Drive)));
        }

        Assert.Equal([(GeofenceDirection.Arriving, 2.0), (GeofenceDirection.Arriving, 0.1)], events.Select(e => (e.Direction, e.RadiusKm)));
        Assert.All(events, e => Assert.True(e.DistanceKm <= e.RadiusKm));
        Assert.All(events, e => Assert.Equal(homeId, e.HouseholdId));

        events.Clear();
        for (var km = 0.0; km <= 3; km += 0.05)
        {
            events.AddRange(await car.ReportTelemetry(new VehicleTelemetry(Home.Offset(km, 180), 40, Gear.Drive)));
        }

        Assert.Equal([(GeofenceDirection.Leaving, 0.1), (GeofenceDirection.Leaving, 2.0)], events.Select(e => (e.Direction, e.RadiusKm)));
        Assert.True((await car.GetSnapshot()).OdometerKm > 12.9);
    }

    [Fact]
    public async Task Charging_needs_a_plug_and_raises_the_state_of_charge_until_full()
    {
        var homeId = TestKeys.Unique("home");
        var car = _grains.GetGrain<IVehicleGrain>(TestKeys.Unique("su7"));
        await car.AssignHome(homeId, Home);
        await car.ReportTelemetry(new VehicleTelemetry(Home, 0, Gear.Park, StateOfChargePercent: 30));

        var refused = await Assert.ThrowsAsync<VehicleCommandException>(() => car.StartCharging());
        Assert.Contains("not plugged in", refused.Message);

        await car.PlugIn();
        await car.StartCharging();
        var afterHour = await car.Charge(TimeSpan.FromHours(1));
        Assert.InRange(afterHour, 39, 40.5);
        Assert.True((await car.GetSnapshot()).RangeKm > Su7Specification.RangeKm(30));

        await car.Charge(TimeSpan.FromHours(20));
        var full = await car.GetSnapshot();
        Assert.Equal(100, full.StateOfChargePercent);
        Assert.Equal(ChargingState.Complete, full.Charging);
    }

    [Fact]
    public async Task Commands_that_do_not_fit_the_state_are_refused_with_the_reason_and_change_nothing()
    {
        var homeId = TestKeys.Unique("home");
        var car = _grains.GetGrain<IVehicleGrain>(TestKeys.Unique("su7"));
        await car.AssignHome(homeId, Home);
        await car.ReportTelemetry(new VehicleTelemetry(Home.Offset(3, 0), 60, Gear.Drive));

        Assert.Contains("60 km/h", (await Assert.ThrowsAsync<VehicleCommandException>(() => car.Unlock())).Message);
        Assert.Contains("out of range", (await Assert.ThrowsAsync<VehicleCommandException>(() => car.PreconditionCabin(45))).Message);
        Assert.Contains("Drive", (await Assert.ThrowsAsync<VehicleCommandException>(() => car.PlugIn())).Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => car.ReportTelemetry(new VehicleTelemetry(new GeoPoint(91, 0), 10, Gear.Drive)));

        var snapshot = await car.GetSnapshot();
        Assert.True(snapshot.Locked);
        Assert.Null(snapshot.PreconditionTargetC);
        Assert.Equal(ChargingState.Unplugged, snapshot.Charging);
        Assert.Equal(60, snapshot.SpeedKmh);
    }
}
