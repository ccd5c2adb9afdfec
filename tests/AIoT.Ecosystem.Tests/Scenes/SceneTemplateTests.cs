using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Engine;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>The templates the demo homes get, each installed from its suggestion and proven by driving the twins.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneTemplateTests(EcosystemCluster cluster)
{
    private const string Light = "yeelink.light.ceiling22";
    private const string Ac = "xiaomi.aircondition.ma2";

    [Fact]
    public async Task The_owner_leaving_the_SU7_away_from_an_empty_home_arms_it_and_turns_the_lights_off()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "own", ("light1", Light, "living-room"), ("light2", Light, "bedroom-1"));
        var car = home.DeviceId("su7");
        await home.Household.AddVehicle(car);
        var owner = await home.AddMemberAsync("p1", 40, TimeSpan.FromHours(23), drives: car);
        var scene = await home.InstallTemplateAsync("owner-leaves-car");
        await home.Device("light1").SetProperty("light.on", PropertyValue.Of(true));
        await home.Device("light2").SetProperty("light.on", PropertyValue.Of(true));
        var person = cluster.Grains.GetGrain<IPersonGrain>(owner);
        await person.EnterVehicle(car);
        await cluster.Grains.GetGrain<IVehicleGrain>(car).ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(12, 45), 0, Gear.Park));

        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => person.ExitVehicle(atHome: false));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        Assert.Equal(HouseholdMode.Armed, (await home.Household.GetSummary()).Mode);
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light1").GetTwin())["light.on"]);
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light2").GetTwin())["light.on"]);
    }

    [Fact]
    public async Task The_car_coming_within_2_km_on_a_hot_day_starts_the_living_room_AC_cooling()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "cool", ("ac", Ac, "living-room"));
        var car = home.DeviceId("su7");
        await home.Household.AddVehicle(car);
        await home.AddMemberAsync("p1", 40, TimeSpan.FromHours(23), drives: car);
        var scene = await home.InstallTemplateAsync("car-near-home-cool");
        var vehicle = cluster.Grains.GetGrain<IVehicleGrain>(car);
        await vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(10, 0), 60, Gear.Drive));
        await home.Device("ac").ReportProperties([new("environment.temperature", PropertyValue.Of(24.0))]);
        await home.WaitForAsync<SceneSkip>(scene.Id, () => vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(1.5, 0), 40, Gear.Drive)), skipped: true);
        await vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(10, 0), 60, Gear.Drive));
        await home.Device("ac").ReportProperties([new("environment.temperature", PropertyValue.Of(33.0))]);

        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(1.5, 0), 40, Gear.Drive)));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        var ac = await home.Device("ac").GetTwin();
        Assert.Equal(PropertyValue.Of(true), ac["air-conditioner.on"]);
        Assert.Equal(PropertyValue.Of(1), ac["air-conditioner.mode"]);
    }

    [Fact]
    public async Task PM25_above_the_citys_threshold_for_two_minutes_starts_the_purifier_in_auto()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "pm25", ("purifier", "zhimi.airp.mb3", "bedroom-1"));
        var scene = await home.InstallTemplateAsync("pm25-purifier");
        var purifier = home.Device("purifier");
        await purifier.SetProperties([new("air-purifier.on", PropertyValue.Of(false)), new("air-purifier.mode", PropertyValue.Of(1))]);

        await purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(120.0))]);
        await home.UntilWaitingAsync(scene.Id, "hold");
        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => home.AdvanceAsync(cluster.Time, TimeSpan.FromMinutes(3)));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        var twin = await purifier.GetTwin();
        Assert.Equal(PropertyValue.Of(true), twin["air-purifier.on"]);
        Assert.Equal(PropertyValue.Of(0), twin["air-purifier.mode"]);
    }

    [Fact]
    public async Task The_band_reporting_sleep_turns_the_bedroom_lights_off_and_the_AC_to_sleep_mode()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "sleep", ("light", Light, "bedroom-1"), ("ac", Ac, "bedroom-1"));
        var bedTime = cluster.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).TimeOfDay.Add(TimeSpan.FromMinutes(30));
        var member = await home.AddMemberAsync("p1", 40, TimeSpan.FromTicks(bedTime.Ticks % TimeSpan.TicksPerDay));
        await home.AddDeviceAsync("band", "xiaomi.band.m8", "bedroom-1", owner: member);
        var scene = await home.InstallTemplateAsync("sleep-lights-ac");
        await home.Device("light").SetProperty("light.on", PropertyValue.Of(true));

        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => home.Device("band").ReportProperties([new("health.sleep-state", PropertyValue.Of(1))]));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light").GetTwin())["light.on"]);
        Assert.Equal(PropertyValue.Of(true), (await home.Device("ac").GetTwin())["air-conditioner.sleep-mode"]);
        Assert.Equal(HouseholdMode.Sleep, (await home.Household.GetSummary()).Mode);
    }

    [Fact]
    public async Task Unlocking_by_fingerprint_while_armed_disarms_the_home()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "door", ("lock", "lumi.lock.bacn01", "living-room"));
        var scene = await home.InstallTemplateAsync("fingerprint-disarm");
        await home.Household.SetMode(HouseholdMode.Armed);

        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => home.Device("lock").RaiseEvent("lock.unlocked", [PropertyValue.Of(3), PropertyValue.Of(1)]));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        Assert.Equal(HouseholdMode.Home, (await home.Household.GetSummary()).Mode);
    }

    [Fact]
    public async Task A_water_leak_closes_the_valve_and_notifies()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "flood", ("leak", "lumi.flood.agl02", "bathroom"), ("valve", "lumi.valve.agl001", "bathroom"));
        var scene = await home.InstallTemplateAsync("leak-valve");
        await home.Device("valve").SetProperty("valve.on", PropertyValue.Of(true));

        var firing = await home.WaitForAsync<SceneFiring>(scene.Id, () => home.Device("leak").RaiseEvent("submersion-sensor.leak-detected", []));

        Assert.True(firing.Succeeded, string.Join("; ", firing.Outcomes));
        Assert.Equal(PropertyValue.Of(false), (await home.Device("valve").GetTwin())["valve.on"]);
        Assert.NotEmpty((await home.Scenes.GetSceneActivity()).Notifications);
    }
}
