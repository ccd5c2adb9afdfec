using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Households;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Engine;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

[Collection(EcosystemCollection.Name)]
public sealed class SceneActionTests(EcosystemCluster cluster)
{
    private const string LeakSensor = "lumi.flood.agl02";
    private const string Valve = "lumi.valve.agl001";

    [Fact]
    public async Task A_leak_closes_the_valve_and_notifies_with_a_result_per_action_in_order()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "leak", ("leak", LeakSensor, "bathroom"), ("valve", Valve, "bathroom"));
        await home.Device("valve").SetProperty("valve.on", PropertyValue.Of(true));
        await home.SaveAsync(new SceneDefinition(
            "leak-valve",
            "A leak closes the valve",
            [new EventTrigger(home.DeviceId("leak"), "submersion-sensor.leak-detected")],
            null,
            [new SetAction(home.DeviceId("valve"), [new PropertySetting("valve.on", SceneValue.Of(false))]), new NotifyAction("Water leak in the bathroom: valve closed.")]));

        var firing = await home.WaitForAsync<SceneFiring>("leak-valve", () => home.Device("leak").RaiseEvent("submersion-sensor.leak-detected", []));

        Assert.Equal([ActionStatus.Ok, ActionStatus.Ok], firing.Outcomes.Select(o => o.Status));
        Assert.Equal([0, 1], firing.Outcomes.Select(o => o.Index));
        Assert.Equal(PropertyValue.Of(false), (await home.Device("valve").GetTwin())["valve.on"]);
        var activity = await home.Scenes.GetSceneActivity();
        Assert.Equal("Water leak in the bathroom: valve closed.", Assert.Single(activity.Notifications).Message);
    }
}
