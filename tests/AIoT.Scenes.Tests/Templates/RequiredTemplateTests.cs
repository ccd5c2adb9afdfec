using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;
using AIoT.Scenes.Templates;

namespace AIoT.Scenes.Tests.Templates;

/// <summary>The six templates issue 13 asks for: each makes its scene for a home with the devices, and nothing for one without.</summary>
public sealed class RequiredTemplateTests
{
    [Fact]
    public void Owner_leaves_car_arms_the_home_turns_every_light_off_and_notifies_when_the_driver_leaves_the_car_and_nobody_is_home()
    {
        var suggestion = Assert.Single(Profiles.BeijingFamily().From("owner-leaves-car"));

        var scene = suggestion.Scene;
        Assert.Equal("owner-leaves-car-p1", scene.Id);
        var trigger = Assert.IsType<PresenceTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((Profiles.Driver, Whereabouts.InVehicle, Whereabouts.Away), (trigger.Person, trigger.From, trigger.To));
        Assert.Equal(new PresenceCondition(PresenceCondition.Everyone, PresenceTest.NotHome), scene.Condition);
        Assert.Equal("armed", Assert.IsType<ModeAction>(scene.Actions[0]).Mode);
        var lightsOff = scene.Actions.OfType<SetAction>().ToList();
        Assert.Equal(Profiles.BeijingLights, lightsOff.Select(a => a.Device));
        Assert.All(lightsOff, a => Assert.Equal(new PropertySetting("light.on", SceneValue.Of(false)), Assert.Single(a.Properties)));
        Assert.IsType<NotifyAction>(scene.Actions[^1]);
    }

    [Fact]
    public void Owner_leaves_car_needs_a_member_driving_one_of_the_homes_vehicles()
    {
        Assert.Empty(Profiles.BeijingFamily().WithoutVehicles().From("owner-leaves-car"));
        Assert.Empty(Profiles.ShenzhenSingle().From("owner-leaves-car"));
    }

    [Fact]
    public void Car_near_home_cool_turns_the_living_room_ac_to_cool_when_the_su7_is_within_2_km_and_the_room_is_at_the_citys_hot_threshold()
    {
        var home = Profiles.BeijingFamily().WithoutMember(Profiles.Grandmother);

        var scene = Assert.Single(home.From("car-near-home-cool")).Scene;

        Assert.Equal("car-near-home-cool-su7-1", scene.Id);
        Assert.Equal(new VehicleTrigger(Profiles.Car, GeofenceEdge.Arriving, 2.0), Assert.Single(scene.Triggers));
        Assert.Equal(new PropertyCondition(Profiles.LivingRoomAc, "environment.temperature", Comparison.AtLeast, SceneValue.Of(30)), scene.Condition);
        var set = Assert.IsType<SetAction>(Assert.Single(scene.Actions));
        Assert.Equal(Profiles.LivingRoomAc, set.Device);
        Assert.Equal<PropertySetting>(
            [new("air-conditioner.on", SceneValue.Of(true)), new("air-conditioner.mode", SceneValue.Of(1)), new("air-conditioner.target-temperature", SceneValue.Of(26))],
            set.Properties);
    }

    [Fact]
    public void Car_near_home_cool_fits_the_threshold_to_the_city_and_the_target_to_an_older_member()
    {
        var beijing = Assert.Single(Profiles.BeijingFamily().From("car-near-home-cool")).Scene;
        var shenzhen = Assert.Single((Profiles.BeijingFamily() with { City = "Shenzhen", Climate = CityClimate.For("Shenzhen") }).From("car-near-home-cool")).Scene;

        Assert.Equal(SceneValue.Of(27), Assert.IsType<SetAction>(beijing.Actions[0]).Properties.Single(p => p.Property == "air-conditioner.target-temperature").Value);
        Assert.Equal(SceneValue.Of(30), Assert.IsType<PropertyCondition>(beijing.Condition).Value);
        Assert.Equal(SceneValue.Of(27), Assert.IsType<PropertyCondition>(shenzhen.Condition).Value);
    }

    [Fact]
    public void Car_near_home_cool_needs_a_vehicle_and_an_ac_in_the_living_room()
    {
        Assert.Empty(Profiles.BeijingFamily().WithoutDevice(Profiles.LivingRoomAc).From("car-near-home-cool"));
        Assert.Empty(Profiles.BeijingFamily().WithoutVehicles().From("car-near-home-cool"));
    }

    [Fact]
    public void Pm25_purifier_starts_the_purifier_in_auto_above_the_citys_threshold_for_two_minutes()
    {
        var beijing = Assert.Single(Profiles.BeijingFamily().From("pm25-purifier"));
        var shenzhen = Assert.Single(Profiles.ShenzhenSingle().From("pm25-purifier"));

        Assert.Equal("pm25-purifier-bedroom-1", beijing.Scene.Id);
        var trigger = Assert.IsType<PropertyTrigger>(Assert.Single(beijing.Scene.Triggers));
        Assert.Equal((Profiles.Purifier, "environment.pm2-5-density", 75.0, TimeSpan.FromMinutes(2)), (trigger.Device, trigger.Property, trigger.Above, trigger.For));
        Assert.Null(beijing.Scene.Condition);
        var set = Assert.IsType<SetAction>(Assert.Single(beijing.Scene.Actions));
        Assert.Equal<PropertySetting>([new("air-purifier.on", SceneValue.Of(true)), new("air-purifier.mode", SceneValue.Of(0))], set.Properties);
        Assert.Contains("75 µg/m³", beijing.Reason);

        Assert.Equal(35, Assert.IsType<PropertyTrigger>(Assert.Single(shenzhen.Scene.Triggers)).Above);
        Assert.Contains("35 µg/m³", shenzhen.Reason);
    }

    [Fact]
    public void Pm25_purifier_needs_a_purifier()
    {
        Assert.Empty(Profiles.BeijingFamily().Without(DeviceModels.Purifier).From("pm25-purifier"));
    }

    [Fact]
    public void Sleep_lights_ac_fires_when_the_members_band_leaves_awake_around_their_bed_time_and_puts_the_bedroom_and_home_to_sleep()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("sleep-lights-ac")).Scene;

        Assert.Equal("sleep-lights-ac-p1", scene.Id);
        var trigger = Assert.IsType<PropertyTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((Profiles.DriversBand, "health.sleep-state", (SceneValue?)SceneValue.Of(0)), (trigger.Device, trigger.Property, trigger.From));
        var window = Assert.IsType<TimeCondition>(scene.Condition);
        Assert.Equal((DayTime.At(new TimeOnly(22, 0)), DayTime.At(new TimeOnly(1, 0))), (window.After, window.Before));
        SceneAction[] expected =
        [
            new SetAction(Profiles.BeijingLights[3], [new PropertySetting("light.on", SceneValue.Of(false))]),
            new SetAction(Profiles.BedroomAc, [new PropertySetting("air-conditioner.sleep-mode", SceneValue.Of(true))]),
            new ModeAction("sleep"),
        ];
        Assert.Equal(expected.Select(ScenePrinter.Print), scene.Actions.Select(ScenePrinter.Print));
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(0, 2, true)]
    [InlineData(1, 2, false)]
    [InlineData(2, 0, false)]
    [InlineData(0, 0, false)]
    public void Sleep_lights_ac_trigger_fires_on_leaving_awake_and_not_between_sleep_stages(int before, int after, bool fires)
    {
        var trigger = Assert.IsType<PropertyTrigger>(Assert.Single(Assert.Single(Profiles.BeijingFamily().From("sleep-lights-ac")).Scene.Triggers));

        Assert.Equal(fires, TriggerMatch.Fires(trigger, new PropertyChange("2.3", SceneValue.Of(before), SceneValue.Of(after))));
    }

    [Fact]
    public void Sleep_lights_ac_needs_a_band_worn_by_a_member()
    {
        var home = Profiles.BeijingFamily();
        var unowned = home with { Devices = [.. home.Devices.Select(d => d.Id == Profiles.DriversBand ? d with { OwnerId = null } : d)] };

        Assert.Empty(home.Without(DeviceModels.Band).From("sleep-lights-ac"));
        Assert.Empty(unowned.From("sleep-lights-ac"));
    }

    [Fact]
    public void Fingerprint_disarm_returns_an_armed_home_to_home_mode_on_a_fingerprint_unlock_and_notifies()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("fingerprint-disarm")).Scene;

        var trigger = Assert.IsType<EventTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((Profiles.Lock, "lock.unlocked"), (trigger.Device, trigger.Event));
        Assert.Equal(new ArgumentMatch("lock.lock-method", SceneValue.Of(3)), Assert.Single(trigger.Arguments));
        Assert.Equal(["armed"], Assert.IsType<ModeCondition>(scene.Condition).Modes);
        Assert.Equal("home", Assert.IsType<ModeAction>(scene.Actions[0]).Mode);
        Assert.IsType<NotifyAction>(Assert.Single(scene.Actions.Skip(1)));
    }

    [Fact]
    public void Fingerprint_disarm_needs_a_lock()
    {
        Assert.Empty(Profiles.ShenzhenSingle().From("fingerprint-disarm"));
        Assert.Empty(Profiles.BeijingFamily().Without(DeviceModels.Lock).From("fingerprint-disarm"));
    }

    [Fact]
    public void Leak_valve_closes_the_valve_and_notifies_on_a_leak()
    {
        var scene = Assert.Single(Profiles.BeijingFamily().From("leak-valve")).Scene;

        Assert.Equal("leak-valve-bathroom", scene.Id);
        var trigger = Assert.IsType<EventTrigger>(Assert.Single(scene.Triggers));
        Assert.Equal((Profiles.LeakSensor, "submersion-sensor.leak-detected"), (trigger.Device, trigger.Event));
        Assert.Null(scene.Condition);
        Assert.Equal(ScenePrinter.Print(new SetAction(Profiles.Valve, [new PropertySetting("valve.on", SceneValue.Of(false))])), ScenePrinter.Print(scene.Actions[0]));
        Assert.IsType<NotifyAction>(scene.Actions[1]);
        Assert.Equal(2, scene.Actions.Count);
    }

    [Fact]
    public void Leak_valve_without_a_valve_still_notifies_and_without_a_leak_sensor_is_not_suggested()
    {
        var noValve = Assert.Single(Profiles.BeijingFamily().Without(DeviceModels.Valve).From("leak-valve")).Scene;

        Assert.IsType<NotifyAction>(Assert.Single(noValve.Actions));
        Assert.Empty(Profiles.BeijingFamily().Without(DeviceModels.LeakSensor).From("leak-valve"));
    }
}
