using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Tests.Support;

namespace AIoT.Ecosystem.Tests.Runtime;

[Collection(EcosystemCollection.Name)]
public sealed class ActivationCollectionTests(EcosystemCluster cluster)
{
    private async Task<IDeviceGrain> LampAsync()
    {
        var lamp = cluster.Grains.GetGrain<IDeviceGrain>(TestKeys.Unique("lamp"));
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        return lamp;
    }

    [Fact]
    public async Task An_idle_twin_is_collected_writing_its_reports_and_comes_back_with_them()
    {
        var lamp = await LampAsync();
        await lamp.SetProperty("light.brightness", PropertyValue.Of(55));
        var temperature = (await lamp.ReportProperties([new("light.color-temperature", PropertyValue.Of(5000))]))[0].Key;
        Assert.Equal(PropertyValue.Of(2700), (await cluster.ReadStoredStateAsync<DeviceState>(lamp)).Values[temperature].Value);
        Assert.True(cluster.IsActive(lamp));

        await cluster.Management.ForceActivationCollection(TimeSpan.Zero);

        Assert.False(cluster.IsActive(lamp));
        Assert.Equal(PropertyValue.Of(5000), (await cluster.ReadStoredStateAsync<DeviceState>(lamp)).Values[temperature].Value);

        var twin = await lamp.GetTwin();
        Assert.True(cluster.IsActive(lamp));
        Assert.Equal(PropertyValue.Of(55), twin["light.brightness"]);
        Assert.Equal(PropertyValue.Of(5000), twin["light.color-temperature"]);
    }

    [Fact]
    public async Task A_decommissioned_twin_leaves_and_the_next_call_finds_it_unregistered()
    {
        var lamp = await LampAsync();
        await lamp.SetProperty("light.brightness", PropertyValue.Of(55));

        await lamp.Decommission();
        await cluster.Cluster.WaitForDeactivationAsync(lamp).Within("the decommissioned twin to deactivate");

        Assert.False((await cluster.ReadStoredAsync<DeviceState>(lamp)).RecordExists);
        Assert.Contains("not registered", (await Assert.ThrowsAsync<DeviceException>(() => lamp.GetTwin())).Message);
        await lamp.Provision(new DeviceRegistration("lumi.sensor_smoke.mcn02", null, "kitchen", "Smoke"));
        Assert.Equal("smoke-sensor", (await lamp.GetTwin()).Type);
    }
}
