using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Tests.Support;
using AIoT.Scenes.Model;

namespace AIoT.Ecosystem.Tests.Scenes;

/// <summary>A device grain knows what its household's scenes watch of it, so a change no scene watches costs no call.</summary>
[Collection(EcosystemCollection.Name)]
public sealed class SceneInterestTests(EcosystemCluster cluster)
{
    [Fact]
    public async Task Devices_keep_exactly_the_properties_and_events_scenes_watch_and_forget_them_when_the_scenes_go()
    {
        var home = await SceneHome.CreateAsync(cluster.Grains, "interest",
            ("purifier", "zhimi.airp.mb3", "bedroom-1"), ("ac", "xiaomi.aircondition.ma2", "living-room"), ("leak", "lumi.flood.agl02", "bathroom"), ("light", "yeelink.light.ceiling22", "bathroom"));
        await home.SaveAsync(new SceneDefinition(
            "watching",
            "Watching",
            [new PropertyTrigger(home.DeviceId("purifier"), "environment.pm2-5-density") { Above = 75 }, new EventTrigger(home.DeviceId("leak"), "submersion-sensor.leak-detected")],
            new PropertyCondition(home.DeviceId("ac"), "environment.temperature", Comparison.AtLeast, SceneValue.Of(28)),
            [new SetAction(home.DeviceId("light"), [new PropertySetting("light.on", SceneValue.Of(true))])]));

        var purifier = await cluster.ReadStoredStateAsync<DeviceState>(home.Device("purifier"));
        var ac = await cluster.ReadStoredStateAsync<DeviceState>(home.Device("ac"));
        var leak = await cluster.ReadStoredStateAsync<DeviceState>(home.Device("leak"));
        var light = await cluster.ReadStoredStateAsync<DeviceState>(home.Device("light"));

        Assert.Equal(["3.6"], purifier.SceneInterest!.Properties);
        Assert.Empty(purifier.SceneInterest.Events);
        Assert.Equal(["4.7"], ac.SceneInterest!.Properties);
        Assert.Equal(["2.e1"], leak.SceneInterest!.Events);
        Assert.Null(light.SceneInterest);

        Assert.True(await home.Scenes.RemoveScene("watching"));
        Assert.Null((await cluster.ReadStoredStateAsync<DeviceState>(home.Device("purifier"))).SceneInterest);
        Assert.Null((await cluster.ReadStoredStateAsync<DeviceState>(home.Device("leak"))).SceneInterest);
    }
}
