using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Tests.Support;
using Orleans.Runtime;

namespace AIoT.Gateway.Tests;

/// <summary>The host with --in-memory: nothing survives the process, but everything survives a grain's collection.</summary>
public sealed class InMemoryHostTests
{
    [Fact]
    public async Task A_collected_twin_comes_back_with_its_values()
    {
        await using var host = await TestHost.StartAsync();
        var lamp = host.Device("in-memory-lamp");
        await lamp.Provision(new DeviceRegistration("yeelink.light.ceiling22", null, "living-room", "Ceiling"));
        await lamp.SetProperty("light.brightness", PropertyValue.Of(80));

        await host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var twin = await lamp.GetTwin();
        Assert.Equal(PropertyValue.Of(80), twin["light.brightness"]);
        Assert.Equal(PropertyValue.Of("yeelink.light.ceiling22"), twin["device-information.model"]);
    }
}
