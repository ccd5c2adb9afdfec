using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>How scenes run: in order, through failures and offline devices, with delays, scenes running scenes, and the loop breaker.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneRunTests(EcosystemCluster cluster)
{
    private const string Light = "yeelink.light.ceiling22";

    private static SetAction Set(SceneHome home, string device, string property, SceneValue value) =>
        new(home.DeviceId(device), [new PropertySetting(property, value)]);

    [Fact]
    public async Task A_refused_value_and_an_offline_device_each_get_their_result_and_the_next_actions_still_run()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "mixed", ("light", Light, "living-room"), ("ac", "xiaomi.aircondition.ma2", "living-room"));
        await home.AddDeviceAsync("away-light", Light, "bedroom-1", online: false);
        await home.SaveAsync(new SceneDefinition(
            "evening",
            "Evening",
            [new ModeTrigger { To = "away" }],
            null,
            [
                Set(home, "away-light", "light.on", SceneValue.Of(true)),
                Set(home, "ac", "air-conditioner.target-temperature", SceneValue.Of(26)),
                Set(home, "light", "light.on", SceneValue.Of(true)),
                new NotifyAction("Evening scene done"),
            ]));
        // Out of range for the twin: the catalog allows it in the file, the device's own check refuses it at run time.
        await home.Device("ac").ReportProperties([new("air-conditioner.fault", PropertyValue.Of(0))]);

        var firing = await home.WaitForAsync<SceneFiring>("evening", () => home.Household.SetMode(HouseholdMode.Away));

        Assert.Equal([ActionStatus.Offline, ActionStatus.Ok, ActionStatus.Ok, ActionStatus.Ok], firing.Outcomes.Select(o => o.Status));
        Assert.Contains("device offline", firing.Outcomes[0].Detail);
        Assert.Equal(PropertyValue.Of(false), (await home.Device("away-light").GetTwin())["light.on"]);
        Assert.Equal(PropertyValue.Of(true), (await home.Device("light").GetTwin())["light.on"]);
        Assert.False(firing.Succeeded);
    }

    [Fact]
    public async Task A_value_the_device_refuses_at_run_time_is_reported_with_the_MIoT_code()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "refuse", ("light", Light, "living-room"));
        await home.SaveAsync(new SceneDefinition("dim", "Dim", [new ModeTrigger { To = "sleep" }], null, [Set(home, "light", "light.brightness", SceneValue.Of(40))]));
        await home.Scenes.SaveScene(new SceneDefinition("bad", "Bad", [new ModeTrigger { To = "sleep" }], null, [Set(home, "light", "light.brightness", SceneValue.Of(400))]));

        var firing = await home.WaitForAsync<SceneFiring>("dim", () => home.Household.SetMode(HouseholdMode.Sleep));
        var listed = await home.Scenes.ListScenes();

        Assert.Equal(ActionStatus.Ok, Assert.Single(firing.Outcomes).Status);
        Assert.DoesNotContain(listed, s => s.Scene.Id == "bad");
    }

    [Fact]
    public async Task A_delay_continues_the_actions_later_on_the_silo_clock_and_a_scene_can_run_another()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "delay", ("light", Light, "living-room"));
        await home.SaveAsync(new SceneDefinition("lights-on", "Lights on", [new ModeTrigger { To = "armed" }], null, [Set(home, "light", "light.on", SceneValue.Of(true))]));
        await home.SaveAsync(new SceneDefinition(
            "leaving",
            "Leaving",
            [new ModeTrigger { To = "away" }],
            null,
            [Set(home, "light", "light.on", SceneValue.Of(false)), new DelayAction(TimeSpan.FromMinutes(5)), new RunSceneAction("lights-on")]));
        await home.Device("light").SetProperty("light.on", PropertyValue.Of(true));

        await home.Household.SetMode(HouseholdMode.Away);
        await home.UntilWaitingAsync("leaving", "delay");
        Assert.Equal(PropertyValue.Of(false), (await home.Device("light").GetTwin())["light.on"]);
        var firing = await home.WaitForAsync<SceneFiring>("leaving", () => home.AdvanceAsync(cluster.Time, TimeSpan.FromMinutes(6)));

        Assert.Equal([ActionStatus.Ok, ActionStatus.Waiting, ActionStatus.Ok], firing.Outcomes.Select(o => o.Status));
        Assert.Equal(PropertyValue.Of(true), (await home.Device("light").GetTwin())["light.on"]);
        Assert.Contains(home.Firings, f => f.SceneId == "lights-on" && f.Chain == "leaving>lights-on");
    }

    [Fact]
    public async Task Two_scenes_that_retrigger_each_other_are_stopped_with_the_chain_named()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "loop", ("light", Light, "living-room"));
        var light = home.DeviceId("light");
        await home.SaveAsync(new SceneDefinition("on-when-off", "On when off", [new PropertyTrigger(light, "light.on") { To = SceneValue.Of(false) }], null, [Set(home, "light", "light.on", SceneValue.Of(true))]));
        await home.SaveAsync(new SceneDefinition("off-when-on", "Off when on", [new PropertyTrigger(light, "light.on") { To = SceneValue.Of(true) }], null, [Set(home, "light", "light.on", SceneValue.Of(false))]));

        var stopped = await home.WaitForAsync<SceneSkip>("off-when-on", () => home.Device("light").SetProperty("light.on", PropertyValue.Of(true)), skipped: true);
        // The household is reentrant: the fourth firing's record lands after its own set action returns, which can
        // be after the change that action caused was already evaluated and skipped.
        await home.UntilFinishedFiringsAsync(4);
        var activity = await home.Scenes.GetSceneActivity();

        Assert.StartsWith("loop stopped: off-when-on>on-when-off>off-when-on>on-when-off>off-when-on", stopped.Reason);
        Assert.Equal(4, activity.Firings.Count);
        Assert.NotNull((await home.Scenes.ListScenes()).Single(s => s.Scene.Id == "off-when-on").StoppedUntil);
    }

    [Fact]
    public async Task An_invoke_action_runs_the_devices_MIoT_action()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "invoke", ("light", Light, "living-room"));
        await home.SaveAsync(new SceneDefinition("toggle", "Toggle", [new ModeTrigger { To = "away" }], null, [new InvokeAction(home.DeviceId("light"), "light.toggle", [])]));

        var firing = await home.WaitForAsync<SceneFiring>("toggle", () => home.Household.SetMode(HouseholdMode.Away));

        Assert.Equal(ActionStatus.Ok, Assert.Single(firing.Outcomes).Status);
        Assert.Equal(PropertyValue.Of(true), (await home.Device("light").GetTwin())["light.on"]);
    }

    [Fact]
    public async Task A_disabled_scene_does_not_fire_until_enabled_again_and_a_removed_one_not_at_all()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "toggle", ("light", Light, "living-room"));
        await home.SaveAsync(new SceneDefinition("sleepy", "Sleepy", [new ModeTrigger { To = "sleep" }], null, [Set(home, "light", "light.on", SceneValue.Of(false))]));
        await home.SaveAsync(new SceneDefinition("marker", "Marker", [new ModeTrigger { To = "sleep" }], null, [new NotifyAction("slept")]));

        Assert.True(await home.Scenes.SetSceneEnabled("sleepy", false));
        await home.WaitForAsync<SceneFiring>("marker", () => home.Household.SetMode(HouseholdMode.Sleep));
        Assert.DoesNotContain(home.Firings, f => f.SceneId == "sleepy");
        await home.Household.SetMode(HouseholdMode.Home);
        Assert.True(await home.Scenes.SetSceneEnabled("sleepy", true));
        await home.WaitForAsync<SceneFiring>("sleepy", () => home.Household.SetMode(HouseholdMode.Sleep));
        Assert.True(await home.Scenes.RemoveScene("sleepy"));
        await home.Household.SetMode(HouseholdMode.Home);
        await home.WaitForAsync<SceneFiring>("marker", () => home.Household.SetMode(HouseholdMode.Sleep));

        Assert.Single(home.Firings, f => f.SceneId == "sleepy");
        Assert.False(await home.Scenes.RemoveScene("sleepy"));
        Assert.False(await home.Scenes.SetSceneEnabled("nope", true));
    }
}
