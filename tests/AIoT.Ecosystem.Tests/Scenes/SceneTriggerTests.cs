using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.People;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Ecosystem.Vehicles;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>Each kind of trigger, driven through the twins as the gateway and the simulation drive them.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneTriggerTests(EcosystemCluster cluster)
{
    private const string Purifier = "zhimi.airp.mb3";
    private const string Light = "yeelink.light.ceiling22";

    private static SceneDefinition LightOn(string id, SceneHome home, SceneTrigger trigger, SceneCondition? condition = null) =>
        new(id, id, [trigger], condition, [new SetAction(home.DeviceId("light"), [new PropertySetting("light.on", SceneValue.Of(true))])]);

    [Fact]
    public async Task A_threshold_trigger_fires_when_the_value_crosses_it_and_not_again_while_it_stays_above()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "pm", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        await home.SaveAsync(LightOn("dusty", home, new PropertyTrigger(home.DeviceId("purifier"), "environment.pm2-5-density") { Above = 75 }));
        var purifier = home.Device("purifier");

        await home.WaitForAsync<SceneFiring>("dusty", () => purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(80.0))]));
        await purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(90.0))]);
        await purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(20.0))]);
        await home.WaitForAsync<SceneFiring>("dusty", () => purifier.ReportProperties([new("environment.pm2-5-density", PropertyValue.Of(100.0))]));

        Assert.Equal(2, home.Firings.Count(f => f.SceneId == "dusty"));
        Assert.Equal(PropertyValue.Of(true), (await home.Device("light").GetTwin())["light.on"]);
    }

    [Fact]
    public async Task A_property_that_must_hold_for_a_while_fires_only_once_it_has_held_on_the_silo_clock()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "hold", ("purifier", Purifier, "bedroom-1"), ("light", Light, "bedroom-1"));
        await home.SaveAsync(LightOn("held", home, new PropertyTrigger(home.DeviceId("purifier"), "3.6") { Above = 75, For = TimeSpan.FromMinutes(2) }));
        var purifier = home.Device("purifier");

        await purifier.ReportProperties([new("3.6", PropertyValue.Of(80.0))]);
        await home.UntilWaitingAsync("held", "hold");
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        await purifier.ReportProperties([new("3.6", PropertyValue.Of(50.0))]);
        await home.UntilWaitingAsync("held", "hold", present: false);
        cluster.Time.Advance(TimeSpan.FromMinutes(2));
        await purifier.ReportProperties([new("3.6", PropertyValue.Of(85.0))]);
        await home.UntilWaitingAsync("held", "hold");
        var firing = await home.WaitForAsync<SceneFiring>("held", () =>
        {
            cluster.Time.Advance(TimeSpan.FromMinutes(2));
            return Task.CompletedTask;
        });

        Assert.Single(home.Firings, f => f.SceneId == "held");
        Assert.Contains("for 2m", firing.Trigger);
    }

    [Fact]
    public async Task An_event_trigger_matches_its_arguments_and_a_mode_condition_gates_it()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "lock", ("lock", "lumi.lock.bacn01", "living-room"), ("light", Light, "living-room"));
        await home.SaveAsync(new SceneDefinition(
            "fingerprint-disarm",
            "Fingerprint disarms",
            [new EventTrigger(home.DeviceId("lock"), "lock.unlocked") { Arguments = [new ArgumentMatch("lock.lock-method", SceneValue.Of(3))] }],
            new ModeCondition(["armed"]),
            [new ModeAction("home")]));
        var unlocked = (int method) => home.Device("lock").RaiseEvent("lock.unlocked", [PropertyValue.Of(method), PropertyValue.Of(7)]);
        await home.Household.SetMode(HouseholdMode.Armed);

        await unlocked(2);
        var skip = await home.WaitForAsync<SceneSkip>("fingerprint-disarm", () => home.Household.SetMode(HouseholdMode.Home).ContinueWith(_ => unlocked(3)).Unwrap(), skipped: true);
        Assert.Equal("conditions false", skip.Reason);
        await home.Household.SetMode(HouseholdMode.Armed);
        await home.WaitForAsync<SceneFiring>("fingerprint-disarm", () => unlocked(3));

        Assert.Equal(HouseholdMode.Home, (await home.Household.GetSummary()).Mode);
        Assert.Single(home.Firings, f => f.SceneId == "fingerprint-disarm");
    }

    [Fact]
    public async Task A_person_leaving_the_car_away_from_home_while_nobody_is_home_arms_the_home()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "leave", ("light", Light, "living-room"));
        var owner = $"{home.Id}-p1";
        var car = $"{home.Id}-su7";
        await home.Household.AddMember(owner, "Wang Wei");
        await home.Household.AddVehicle(car);
        await home.SaveAsync(new SceneDefinition(
            "owner-leaves-car",
            "Owner leaves the car: arm the home",
            [new PresenceTrigger(owner) { From = Whereabouts.InVehicle, To = Whereabouts.Away }],
            new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome),
            [new ModeAction("armed"), new SetAction(home.DeviceId("light"), [new PropertySetting("light.on", SceneValue.Of(false))])]));
        await home.Device("light").SetProperty("light.on", PropertyValue.Of(true));
        var person = cluster.Grains.GetGrain<IPersonGrain>(owner);

        await person.EnterVehicle(car);
        await cluster.Grains.GetGrain<IVehicleGrain>(car).ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(10, 90), 0, Gear.Park));
        await home.WaitForAsync<SceneFiring>("owner-leaves-car", () => person.ExitVehicle(atHome: false));

        Assert.Equal(HouseholdMode.Armed, (await home.Household.GetSummary()).Mode);
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light").GetTwin())["light.on"]);
    }

    [Fact]
    public async Task A_vehicle_trigger_on_a_radius_of_its_own_fires_when_the_car_crosses_it()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "geo", ("light", Light, "living-room"));
        var car = $"{home.Id}-su7";
        await home.Household.AddVehicle(car);
        var vehicle = cluster.Grains.GetGrain<IVehicleGrain>(car);
        await vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(20, 0), 60, Gear.Drive));
        await home.SaveAsync(LightOn("near", home, new VehicleTrigger(car, GeofenceEdge.Arriving, 5)));

        await vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(8, 0), 60, Gear.Drive));
        var firing = await home.WaitForAsync<SceneFiring>("near", () => vehicle.ReportTelemetry(new VehicleTelemetry(SceneHome.Location.Offset(4, 0), 60, Gear.Drive)));

        Assert.Contains("arriving 5 km", firing.Trigger);
        Assert.Single(home.Firings, f => f.SceneId == "near");
    }

    [Fact]
    public async Task A_time_of_day_trigger_fires_at_that_local_time_on_its_days_only()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "clock", ("light", Light, "living-room"));
        var local = cluster.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddMinutes(30);
        var today = DaySet.Of(local.DayOfWeek);
        await home.SaveAsync(LightOn("at-time", home, new TimeTrigger(DayTime.At(TimeOnly.FromDateTime(local.DateTime))) { Days = today }));
        var waiting = Assert.Single((await home.Scenes.GetSceneActivity()).Waiting);
        Assert.Equal(local, waiting.Until);

        var firing = await home.WaitForAsync<SceneFiring>("at-time", () => home.AdvanceAsync(cluster.Time, TimeSpan.FromMinutes(31)));
        await home.AdvanceAsync(cluster.Time, TimeSpan.FromDays(1));
        Assert.Single(home.Firings, f => f.SceneId == "at-time");
        await home.WaitForAsync<SceneFiring>("at-time", () => home.AdvanceAsync(cluster.Time, TimeSpan.FromDays(6)));

        Assert.StartsWith("time ", firing.Trigger);
        Assert.Equal(2, home.Firings.Count(f => f.SceneId == "at-time"));
    }

    [Fact]
    public async Task A_mode_trigger_fires_on_the_change_it_names()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "mode", ("light", Light, "living-room"));
        await home.SaveAsync(LightOn("on-sleep", home, new ModeTrigger { To = "sleep" }));

        await home.Household.SetMode(HouseholdMode.Away);
        var firing = await home.WaitForAsync<SceneFiring>("on-sleep", () => home.Household.SetMode(HouseholdMode.Sleep));

        Assert.Equal("mode away -> sleep", firing.Trigger);
        Assert.Single(home.Firings, f => f.SceneId == "on-sleep");
    }
}
