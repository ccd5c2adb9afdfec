using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Ecosystem.Tests.Support;
using Orleans.Storage;

namespace AIoT.Ecosystem.Tests.Runtime;

/// <summary>
/// Two writers of one twin's stored state, the twin's IPersistentState and a copy read through the storage provider:
/// whichever writes with the ETag the other has already replaced is refused, and the stored twin keeps the first write.
/// </summary>
internal static class StaleETags
{
    public static async Task AreRefusedAsync(EcosystemCluster cluster, string deviceId)
    {
        var lamp = cluster.Grains.GetGrain<IDeviceGrain>(deviceId);
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        await lamp.SetProperty("light.brightness", PropertyValue.Of(10));
        var brightness = (await lamp.GetTwin()).Properties.Single(p => p.Alias == "light.brightness").Key;
        async Task<PropertyValue> StoredBrightness() => (await cluster.ReadStoredStateAsync<DeviceState>(lamp)).Values[brightness].Value;

        // The twin writes after this copy was read: the copy's ETag is stale.
        var stale = await cluster.ReadStoredAsync<DeviceState>(lamp);
        Assert.True(stale.RecordExists);
        await lamp.SetProperty("light.brightness", PropertyValue.Of(20));
        stale.State!.Values[brightness].Value = PropertyValue.Of(99);
        await Assert.ThrowsAsync<InconsistentStateException>(() => cluster.WriteStoredAsync(lamp, stale));
        Assert.Equal(PropertyValue.Of(20), await StoredBrightness());

        // Another writer goes first: now the twin's ETag is stale, and its own write is refused.
        var other = await cluster.ReadStoredAsync<DeviceState>(lamp);
        other.State!.Values[brightness].Value = PropertyValue.Of(33);
        await cluster.WriteStoredAsync(lamp, other);
        await Assert.ThrowsAsync<InconsistentStateException>(() => lamp.SetProperty("light.brightness", PropertyValue.Of(44)));
        Assert.Equal(PropertyValue.Of(33), await StoredBrightness());

        // The refused activation is dropped, so the twin comes back with the stored state and can write again.
        Assert.Equal(PropertyValue.Of(33), (await lamp.GetTwin())["light.brightness"]);
        await lamp.SetProperty("light.brightness", PropertyValue.Of(45));
        Assert.Equal(PropertyValue.Of(45), await StoredBrightness());
    }
}
